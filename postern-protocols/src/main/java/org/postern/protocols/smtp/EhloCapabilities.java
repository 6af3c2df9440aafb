package org.postern.protocols.smtp;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the EHLO/LHLO reply (RFC 5321 section 4.1.1.1, RFC 2033 section 4.1) from what is
 * enabled and from the session's TLS and authentication state (style rule 12):
 * <ul>
 *   <li>STARTTLS only before TLS, and only when a certificate is there (RFC 3207 section 4.2);</li>
 *   <li>AUTH and its mechanisms only under TLS and before a successful AUTH (RFC 4954
 *       section 4; DESIGN: no credential crosses a connection in clear);</li>
 *   <li>SIZE with the limit (RFC 1870 section 4; {@code SIZE 0} would mean none);</li>
 *   <li>BINARYMIME only with CHUNKING (RFC 3030 section 3).</li>
 * </ul>
 * The same {@link #enabled()} set is given to {@link SmtpCommandParser}, so a parameter is
 * accepted exactly when its extension is advertised.
 *
 * @param enabled        the extensions this listener offers
 * @param maxMessageSize the message size limit in octets, advertised with SIZE
 * @param authMechanisms SASL mechanism names (RFC 4422 section 3.1), in order of preference
 * @param tlsAvailable   whether the listener has a certificate to start TLS with
 */
public record EhloCapabilities(Set<SmtpExtension> enabled, long maxMessageSize, List<String> authMechanisms,
                               boolean tlsAvailable) {

    public EhloCapabilities {
        enabled = enabled.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(enabled));
        authMechanisms = List.copyOf(authMechanisms);
        if (maxMessageSize < 0) {
            throw new IllegalArgumentException("maxMessageSize must not be negative");
        }
        for (String m : authMechanisms) {
            if (!SmtpSyntax.isSaslMechanism(m)) {
                throw new IllegalArgumentException("not a SASL mechanism name: " + m);
            }
        }
    }

    /** Everything on, as a hub's submission listener would have it. */
    public static EhloCapabilities all(long maxMessageSize, List<String> authMechanisms) {
        return new EhloCapabilities(EnumSet.allOf(SmtpExtension.class), maxMessageSize, authMechanisms, true);
    }

    public boolean isEnabled(SmtpExtension extension) {
        return enabled.contains(extension);
    }

    /** Whether {@code extension} is advertised in a session in this TLS and authentication state. */
    public boolean offers(SmtpExtension extension, boolean tlsActive, boolean authenticated) {
        if (!enabled.contains(extension)) {
            return false;
        }
        return switch (extension) {
            case STARTTLS -> tlsAvailable && !tlsActive;
            case AUTH -> tlsActive && !authenticated && !authMechanisms.isEmpty();
            case BINARYMIME -> enabled.contains(SmtpExtension.CHUNKING);
            default -> true;
        };
    }

    /** The extension lines, in a stable order (that of {@link SmtpExtension}). */
    public List<String> keywords(boolean tlsActive, boolean authenticated) {
        List<String> lines = new ArrayList<>();
        for (SmtpExtension e : SmtpExtension.values()) {
            if (!offers(e, tlsActive, authenticated)) {
                continue;
            }
            lines.add(switch (e) {
                case SIZE -> e.keyword() + " " + maxMessageSize;
                case AUTH -> e.keyword() + " " + String.join(" ", authMechanisms);
                default -> e.keyword();
            });
        }
        return lines;
    }

    /**
     * The full reply: {@code 250-serverName greeting} then one line per extension. Enhanced status
     * codes are not used in EHLO replies (RFC 2034 section 3).
     */
    public SmtpReply ehloReply(String serverName, String greeting, boolean tlsActive, boolean authenticated) {
        Objects.requireNonNull(serverName, "serverName");
        List<String> lines = new ArrayList<>();
        lines.add(greeting == null || greeting.isEmpty() ? serverName : serverName + " " + greeting);
        lines.addAll(keywords(tlsActive, authenticated));
        return new SmtpReply(ReplyCode.of(250), Optional.empty(), lines);
    }

    /** The reply to HELO (RFC 5321 section 4.1.1.1): one line, no extensions. */
    public static SmtpReply heloReply(String serverName) {
        return SmtpReply.of(250, serverName);
    }
}

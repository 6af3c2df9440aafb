package org.postern.protocols.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The CAPABILITY list (RFC 3501 section 7.2.1), computed from the command table and the
 * extensions the server runs, per TLS and authentication state (style rule 12): never a string
 * constant kept in two places.
 *
 * <ul>
 *   <li>{@code IMAP4rev1} and, when the server runs it, {@code IMAP4rev2} (RFC 9051 section
 *       7.2.2: a server may offer both; the client picks rev2 with ENABLE);</li>
 *   <li>before authentication on a plain connection that can start TLS: {@code STARTTLS} and
 *       {@code LOGINDISABLED} (RFC 3501 section 6.2.3), no {@code AUTH=} mechanism;</li>
 *   <li>before authentication with TLS: {@code AUTH=} each offered mechanism (RFC 3501 section
 *       6.2.2) and {@code SASL-IR} (RFC 4959);</li>
 *   <li>after authentication: no STARTTLS, LOGINDISABLED or AUTH= atoms;</li>
 *   <li>{@code APPENDLIMIT=n} (RFC 7889 section 3) with the session's limit.</li>
 * </ul>
 */
public final class ImapCapabilities {

    private ImapCapabilities() {
    }

    /**
     * @param commands     the commands the server has handlers for
     * @param extensions   the extensions the server runs
     * @param tls          whether TLS is on
     * @param canStartTls  whether this listener offers STARTTLS
     * @param authenticated whether the session is past LOGIN/AUTHENTICATE
     * @param mechanisms   SASL mechanisms offered now (empty before TLS)
     * @param appendLimit  the largest message APPEND takes
     */
    public static List<String> of(Set<ImapCommand> commands, Set<ImapExtension> extensions, boolean tls,
                                  boolean canStartTls, boolean authenticated, List<String> mechanisms, long appendLimit) {
        List<String> caps = new ArrayList<>();
        caps.add("IMAP4rev1");
        if (extensions.contains(ImapExtension.IMAP4REV2)) {
            caps.add(ImapExtension.IMAP4REV2.atom());
        }
        if (!authenticated) {
            if (!tls && canStartTls && commands.contains(ImapCommand.STARTTLS)) {
                caps.add("STARTTLS");
            }
            if (!tls) {
                caps.add("LOGINDISABLED");
            }
            if (commands.contains(ImapCommand.AUTHENTICATE)) {
                for (String m : mechanisms) {
                    caps.add("AUTH=" + m);
                }
                if (!mechanisms.isEmpty() && extensions.contains(ImapExtension.SASL_IR)) {
                    caps.add(ImapExtension.SASL_IR.atom());
                }
            }
        }
        for (ImapCommand c : ImapCommand.values()) {
            if (c != ImapCommand.STARTTLS && commands.contains(c) && c.capability().isPresent()) {
                caps.add(c.capability().get());
            }
        }
        for (ImapExtension e : ImapExtension.values()) {
            if (e != ImapExtension.SASL_IR && e != ImapExtension.IMAP4REV2 && extensions.contains(e)) {
                caps.add(e.atom());
            }
        }
        caps.add("APPENDLIMIT=" + appendLimit);
        return caps;
    }
}

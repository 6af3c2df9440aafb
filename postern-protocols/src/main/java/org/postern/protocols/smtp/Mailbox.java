package org.postern.protocols.smtp;

import java.util.Objects;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.address.InvalidAddressException;

/**
 * An RFC 5321 Mailbox (section 4.1.2) as it came in a MAIL or RCPT command: the local part
 * with quoting removed, and the domain in lower case or an address literal such as
 * {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]}. It is both a {@link ReversePath} and a
 * {@link ForwardPath}.
 *
 * <p>A mailbox is wider than {@link EmailAddress}: a quoted local part or an address literal
 * is a valid SMTP path that Postern's directory never holds; {@link #toEmailAddress()} says
 * whether it is one.
 */
public record Mailbox(String localPart, String domain) implements ReversePath, ForwardPath {

    public Mailbox {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        if (localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("control character in local part");
            }
        }
        if (!SmtpSyntax.isAddressLiteral(domain) && !SmtpSyntax.isDomain(domain, true)) {
            throw new IllegalArgumentException("not a domain or address literal: " + domain);
        }
        domain = SmtpSyntax.normalizeDomain(domain);
    }

    /** Whether the domain is an address literal. */
    public boolean isAddressLiteral() {
        return domain.startsWith("[");
    }

    /** Whether local part or domain holds non-ASCII characters (it then needs SMTPUTF8). */
    public boolean isInternationalized() {
        return !SmtpSyntax.isAscii(localPart) || !SmtpSyntax.isAscii(domain);
    }

    /** The address as Postern's directory knows addresses, if it is one (no quoting, no literal). */
    public Optional<EmailAddress> toEmailAddress() {
        if (isAddressLiteral()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new EmailAddress(localPart, domain));
        } catch (InvalidAddressException e) {
            return Optional.empty();
        }
    }

    /** The RFC 5321 form without angle brackets: the local part quoted when it is not a Dot-string. */
    public String toWire() {
        if (!isQuoteNeeded(localPart)) {
            return localPart + "@" + domain;
        }
        StringBuilder b = new StringBuilder(localPart.length() + domain.length() + 4).append('"');
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append("\"@").append(domain).toString();
    }

    private static boolean isQuoteNeeded(String localPart) {
        return !SmtpSyntax.isDotString(localPart, true);
    }

    @Override
    public String toPathString() {
        return "<" + toWire() + ">";
    }

    @Override
    public String toString() {
        return toWire();
    }
}

package org.postern.core.address;

import java.util.Locale;
import java.util.Objects;

/**
 * A mailbox address, {@code local-part@domain} (RFC 5321 section 4.1.2, RFC 6531 for UTF-8
 * local parts). The domain is kept in lower case; the local part as given, and compared
 * case-insensitively by {@link #canonical()}, as almost every mail system does.
 *
 * <p>Parsing is strict: what a mail administrator would call a bad address is refused with
 * an {@link InvalidAddressException} whose message is one line fit for a user.
 */
public record EmailAddress(String localPart, String domain) {

    /** RFC 5321 section 4.5.3.1.1 and 4.5.3.1.2. */
    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_DOMAIN = 255;

    public EmailAddress {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
        domain = DomainName.normalize(domain);
        validateLocalPart(localPart);
    }

    /** Parses {@code local@domain}; surrounding angle brackets and white space are not accepted. */
    public static EmailAddress parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidAddressException("empty address");
        }
        int at = text.lastIndexOf('@');
        if (at <= 0 || at == text.length() - 1) {
            throw new InvalidAddressException("not an address (expected local-part@domain): " + printable(text));
        }
        return new EmailAddress(text.substring(0, at), text.substring(at + 1));
    }

    /** The form used as a key: local part and domain both in lower case. */
    public String canonical() {
        return localPart.toLowerCase(Locale.ROOT) + "@" + domain;
    }

    @Override
    public String toString() {
        return localPart + "@" + domain;
    }

    private static void validateLocalPart(String localPart) {
        if (localPart.isEmpty()) {
            throw new InvalidAddressException("empty local part");
        }
        if (localPart.length() > MAX_LOCAL_PART) {
            throw new InvalidAddressException("local part longer than " + MAX_LOCAL_PART + " characters");
        }
        if (localPart.startsWith(".") || localPart.endsWith(".") || localPart.contains("..")) {
            throw new InvalidAddressException("local part has a misplaced dot: " + printable(localPart));
        }
        for (int i = 0; i < localPart.length(); ) {
            int cp = localPart.codePointAt(i);
            if (!isAtext(cp) && cp != '.') {
                throw new InvalidAddressException("local part has a character not allowed in an address: " + printable(localPart));
            }
            i += Character.charCount(cp);
        }
    }

    /** RFC 5322 atext, widened by RFC 6531 to every non-ASCII code point. */
    static boolean isAtext(int cp) {
        if (cp >= 0x80) {
            return !Character.isISOControl(cp) && !Character.isWhitespace(cp);
        }
        return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(cp) >= 0;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(80).forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                b.append(String.format("\\x%02x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }
}

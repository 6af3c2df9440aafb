package org.postern.protocols.smtp;

import java.util.Optional;

/**
 * xtext (RFC 3461 section 4): printable ASCII where {@code +}, {@code =}, and anything outside
 * {@code !..~} travel as {@code +HH} with upper-case hex. Used by ENVID, ORCPT and AUTH=.
 */
public final class Xtext {

    private Xtext() {
    }

    /** Decodes strictly: a malformed {@code +HH}, lower-case hex, or a bad octet gives empty. */
    public static Optional<String> decode(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '+') {
                if (i + 2 >= text.length()) {
                    return Optional.empty();
                }
                int hi = hex(text.charAt(i + 1));
                int lo = hex(text.charAt(i + 2));
                if (hi < 0 || lo < 0) {
                    return Optional.empty();
                }
                b.append((char) (hi * 16 + lo));
                i += 2;
            } else if (c >= 33 && c <= 126 && c != '=') {
                b.append(c);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(b.toString());
    }

    /** Encodes ASCII text; each char outside {@code !..~}, and {@code +} and {@code =}, becomes {@code +HH}. */
    public static String encode(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 33 && c <= 126 && c != '+' && c != '=') {
                b.append(c);
            } else {
                if (c > 0xff) {
                    throw new IllegalArgumentException("xtext carries octets only");
                }
                b.append('+').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

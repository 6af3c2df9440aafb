package org.postern.protocols.imap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * Mailbox names in modified UTF-7 (RFC 3501 section 5.1.3): printable ASCII as itself,
 * {@code &} as {@code &-}, everything else as UTF-16 in modified base64 ({@code ,} for
 * {@code /}, no padding) between {@code &} and {@code -}.
 */
public final class ModifiedUtf7 {

    private ModifiedUtf7() {
    }

    public static String encode(String name) {
        StringBuilder out = new StringBuilder(name.length() + 8);
        StringBuilder pending = new StringBuilder();
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch >= 0x20 && ch <= 0x7e) {
                flush(out, pending);
                out.append(ch == '&' ? "&-" : String.valueOf(ch));
            } else {
                pending.append(ch);
            }
        }
        flush(out, pending);
        return out.toString();
    }

    private static void flush(StringBuilder out, StringBuilder pending) {
        if (pending.isEmpty()) {
            return;
        }
        byte[] utf16 = pending.toString().getBytes(StandardCharsets.UTF_16BE);
        String b64 = Base64.getEncoder().withoutPadding().encodeToString(utf16).replace('/', ',');
        out.append('&').append(b64).append('-');
        pending.setLength(0);
    }

    /** Decodes a name; empty when it is not valid modified UTF-7. */
    public static Optional<String> decode(String name) {
        StringBuilder out = new StringBuilder(name.length());
        int i = 0;
        while (i < name.length()) {
            char ch = name.charAt(i);
            if (ch > 0x7e) {
                return Optional.empty();
            }
            if (ch != '&') {
                out.append(ch);
                i++;
                continue;
            }
            int end = name.indexOf('-', i + 1);
            if (end < 0) {
                return Optional.empty();
            }
            if (end == i + 1) {
                out.append('&');
                i = end + 1;
                continue;
            }
            String b64 = name.substring(i + 1, end).replace(',', '/');
            byte[] utf16;
            try {
                utf16 = Base64.getDecoder().decode(pad(b64));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            if (utf16.length % 2 != 0 || utf16.length == 0) {
                return Optional.empty();
            }
            String decoded = new String(utf16, StandardCharsets.UTF_16BE);
            for (int k = 0; k < decoded.length(); k++) {
                char d = decoded.charAt(k);
                if (d >= 0x20 && d <= 0x7e) {
                    return Optional.empty();
                }
            }
            out.append(decoded);
            i = end + 1;
        }
        return Optional.of(out.toString());
    }

    private static String pad(String b64) {
        return switch (b64.length() % 4) {
            case 2 -> b64 + "==";
            case 3 -> b64 + "=";
            default -> b64;
        };
    }
}

package org.postern.transport.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one field of a message's header section (RFC 5322 section 2.2) without parsing the
 * message: the hub needs the Message-ID and Subject for tracking and reports, not a MIME tree.
 * Reads at most {@link #MAX_HEADER} octets; unfolds continuation lines.
 */
final class HeaderFields {

    static final int MAX_HEADER = 64 * 1024;

    private HeaderFields() {
    }

    /** The unfolded value of the first field of that name, if the header section has one. */
    static Optional<String> first(InputStream message, String name) throws IOException {
        String[] lines = headerLines(message);
        return first(lines, name);
    }

    /** The unfolded value of the first field of each of these names (lower case) the header section has. */
    static Map<String, String> firsts(InputStream message, String... names) throws IOException {
        String[] lines = headerLines(message);
        Map<String, String> found = new LinkedHashMap<>();
        for (String name : names) {
            first(lines, name).ifPresent(v -> found.put(name.toLowerCase(Locale.ROOT), v));
        }
        return found;
    }

    private static String[] headerLines(InputStream message) throws IOException {
        byte[] head = message.readNBytes(MAX_HEADER);
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end >= 0) {
            text = text.substring(0, end + 2);
        }
        return text.split("\r\n", -1);
    }

    private static Optional<String> first(String[] lines, String name) {
        String wanted = name.toLowerCase(Locale.ROOT) + ":";
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].toLowerCase(Locale.ROOT).startsWith(wanted)) {
                StringBuilder value = new StringBuilder(lines[i].substring(wanted.length()));
                while (i + 1 < lines.length && !lines[i + 1].isEmpty()
                        && (lines[i + 1].charAt(0) == ' ' || lines[i + 1].charAt(0) == '\t')) {
                    value.append(' ').append(lines[++i].strip());
                }
                return Optional.of(value.toString().strip());
            }
        }
        return Optional.empty();
    }
}

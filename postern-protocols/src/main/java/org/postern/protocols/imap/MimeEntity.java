package org.postern.protocols.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One MIME entity of a message's raw octets (RFC 2045, RFC 2046): where its header and body
 * lie, its content type, and its parts. Serves FETCH BODY[section] (RFC 3501 section 6.4.5)
 * byte for byte, and walks the parts for SEARCH. Tolerant: a missing boundary or a header
 * without its blank line gives a single-part entity, never an error. Nesting is bounded.
 */
public final class MimeEntity {

    /** Deepest nesting of parts followed; deeper ones are treated as leaves. */
    public static final int MAX_DEPTH = 32;

    private final byte[] msg;
    private final int start;
    private final int bodyStart;
    private final int end;
    private final String type;
    private final String subtype;
    private final String boundary;
    private final String header;
    private final int depth;

    private MimeEntity(byte[] msg, int start, int end, int depth, String defaultType) {
        this.msg = msg;
        this.start = start;
        this.end = end;
        this.depth = depth;
        this.bodyStart = headerEnd(msg, start, end);
        this.header = new String(msg, start, bodyStart - start, StandardCharsets.ISO_8859_1);
        String contentType = field(header, "Content-Type");
        String t = defaultType;
        String b = null;
        if (contentType != null) {
            String value = contentType.trim();
            int semi = value.indexOf(';');
            String main = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            if (main.indexOf('/') > 0) {
                t = main;
            }
            b = parameter(value, "boundary");
        }
        int slash = t.indexOf('/');
        this.type = t.substring(0, slash);
        this.subtype = t.substring(slash + 1);
        this.boundary = b;
    }

    /** The whole message as an entity. */
    public static MimeEntity parse(byte[] message) {
        return new MimeEntity(message, 0, message.length, 0, "text/plain");
    }

    public String type() {
        return type;
    }

    public String subtype() {
        return subtype;
    }

    /** The header block, blank line included, as ISO-8859-1 text. */
    public String headerText() {
        return header;
    }

    /** The header block octets, blank line included. */
    public byte[] header() {
        return copy(start, bodyStart);
    }

    /** The body octets. */
    public byte[] body() {
        return copy(bodyStart, end);
    }

    /** The whole entity: header and body. */
    public byte[] whole() {
        return copy(start, end);
    }

    private byte[] copy(int from, int to) {
        return java.util.Arrays.copyOfRange(msg, from, to);
    }

    public boolean isMultipart() {
        return type.equals("multipart") && boundary != null && depth < MAX_DEPTH;
    }

    public boolean isMessage() {
        return type.equals("message") && (subtype.equals("rfc822") || subtype.equals("global")) && depth < MAX_DEPTH;
    }

    /** The unfolded value of the first header field of that name, or null. */
    public String field(String name) {
        return field(header, name);
    }

    /** The parts of a multipart entity (empty otherwise). */
    public List<MimeEntity> parts() {
        List<MimeEntity> parts = new ArrayList<>();
        if (!isMultipart()) {
            return parts;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        String childDefault = subtype.equals("digest") ? "message/rfc822" : "text/plain";
        int partStart = -1;
        int i = bodyStart;
        while (i < end) {
            int lineEnd = indexOf(msg, (byte) '\n', i, end);
            int next = lineEnd < 0 ? end : lineEnd + 1;
            if (startsWith(msg, i, end, delimiter)) {
                int after = i + delimiter.length;
                boolean close = after + 1 < end && msg[after] == '-' && msg[after + 1] == '-';
                if (partStart >= 0) {
                    int partEnd = i;
                    if (partEnd > partStart && msg[partEnd - 1] == '\n') {
                        partEnd--;
                        if (partEnd > partStart && msg[partEnd - 1] == '\r') {
                            partEnd--;
                        }
                    }
                    parts.add(new MimeEntity(msg, partStart, Math.max(partStart, partEnd), depth + 1, childDefault));
                }
                if (close) {
                    return parts;
                }
                partStart = next;
            }
            i = next;
        }
        if (partStart >= 0 && partStart < end) {
            parts.add(new MimeEntity(msg, partStart, end, depth + 1, childDefault));
        }
        return parts;
    }

    /** The message inside a message/rfc822 entity. */
    public MimeEntity encapsulated() {
        return new MimeEntity(msg, bodyStart, end, depth + 1, "text/plain");
    }

    /**
     * The octets of {@code BODY[section]} (RFC 3501 section 6.4.5); empty when the part does
     * not exist.
     */
    public byte[] section(FetchAttribute.Section section) {
        Optional<MimeEntity> addressed = part(section.part());
        if (addressed.isEmpty()) {
            return new byte[0];
        }
        MimeEntity entity = addressed.get();
        MimeEntity message = section.part().isEmpty() ? this : entity.isMessage() ? entity.encapsulated() : null;
        return switch (section.specifier()) {
            case NONE -> section.part().isEmpty() ? whole() : entity.body();
            case MIME -> entity.header();
            case HEADER -> message == null ? new byte[0] : message.header();
            case TEXT -> message == null ? new byte[0] : message.body();
            case HEADER_FIELDS, HEADER_FIELDS_NOT -> message == null ? new byte[0]
                    : message.headerFields(section.fields(), section.specifier() == FetchAttribute.Specifier.HEADER_FIELDS_NOT);
        };
    }

    /**
     * The entity a section-part (RFC 3501 section 6.4.5, {@code 1.2}) addresses; this entity for
     * an empty path; empty when there is no such part. A non-multipart entity's part 1 is itself.
     */
    public Optional<MimeEntity> part(List<Integer> path) {
        MimeEntity entity = this;
        for (int n : path) {
            MimeEntity container = entity.isMessage() ? entity.encapsulated() : entity;
            if (container.isMultipart()) {
                List<MimeEntity> parts = container.parts();
                if (n < 1 || n > parts.size()) {
                    return Optional.empty();
                }
                entity = parts.get(n - 1);
            } else if (n == 1) {
                entity = container;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(entity);
    }

    /**
     * {@link #section} of a whole message: the top-level HEADER and HEADER.FIELDS (the usual
     * FETCH of a message list) straight from the octets, without parsing the entity first.
     */
    public static byte[] section(byte[] message, FetchAttribute.Section section) {
        if (section.part().isEmpty()) {
            switch (section.specifier()) {
                case HEADER -> {
                    return java.util.Arrays.copyOfRange(message, 0, headerEnd(message, 0, message.length));
                }
                case HEADER_FIELDS, HEADER_FIELDS_NOT -> {
                    return headerFields(message, 0, headerEnd(message, 0, message.length), section.fields(),
                            section.specifier() == FetchAttribute.Specifier.HEADER_FIELDS_NOT);
                }
                default -> {
                }
            }
        }
        return parse(message).section(section);
    }

    /** HEADER.FIELDS (names) or HEADER.FIELDS.NOT: the matching fields as they are, then the blank line. */
    public byte[] headerFields(List<String> names, boolean not) {
        return headerFields(msg, start, bodyStart, names, not);
    }

    private static byte[] headerFields(byte[] msg, int start, int bodyStart, List<String> names, boolean not) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(1024, bodyStart - start + 2));
        int i = start;
        int fieldStart = -1;
        boolean keep = false;
        while (i < bodyStart) {
            int lineEnd = indexOf(msg, (byte) '\n', i, bodyStart);
            int next = lineEnd < 0 ? bodyStart : lineEnd + 1;
            boolean continuation = msg[i] == ' ' || msg[i] == '\t';
            boolean blank = msg[i] == '\r' || msg[i] == '\n';
            if (!continuation) {
                if (fieldStart >= 0 && keep) {
                    out.write(msg, fieldStart, i - fieldStart);
                }
                fieldStart = blank ? -1 : i;
                if (!blank) {
                    int colon = indexOf(msg, (byte) ':', i, next);
                    String name = colon < 0 ? "" : new String(msg, i, colon - i, StandardCharsets.ISO_8859_1).trim();
                    keep = !name.isEmpty() && named(names, name) != not;
                }
            }
            i = next;
        }
        if (fieldStart >= 0 && keep) {
            out.write(msg, fieldStart, bodyStart - fieldStart);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    // --- helpers ---

    /** Whether {@code name} is one of {@code names}, compared without regard to case (RFC 5322 field names). */
    private static boolean named(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Where the body starts: after the first empty line, or at the end when there is none. */
    private static int headerEnd(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] == '\n') {
                return i + 1; // an empty first line: no header fields
            }
            if (b[i] == '\r' && i + 1 < to && b[i + 1] == '\n') {
                return i + 2;
            }
            int lineEnd = indexOf(b, (byte) '\n', i, to);
            if (lineEnd < 0) {
                return to;
            }
            i = lineEnd + 1;
        }
        return to;
    }

    static String field(String header, String name) {
        int n = header.length();
        int i = 0;
        while (i < n) {
            int eol = header.indexOf('\n', i);
            int next = eol < 0 ? n : eol + 1;
            int colon = header.indexOf(':', i);
            if (colon > i && colon < lineEnd(header, i, eol) && header.substring(i, colon).trim().equalsIgnoreCase(name)) {
                StringBuilder value = new StringBuilder(header.substring(colon + 1, lineEnd(header, i, eol)).trim());
                while (next < n && (header.charAt(next) == ' ' || header.charAt(next) == '\t')) {
                    int e = header.indexOf('\n', next);
                    value.append(' ').append(header.substring(next, lineEnd(header, next, e)).trim());
                    next = e < 0 ? n : e + 1;
                }
                return value.toString().trim();
            }
            i = next;
        }
        return null;
    }

    /** Where the line starting at {@code from} ends, before its CRLF or LF ({@code eol} is its LF, or -1). */
    private static int lineEnd(String text, int from, int eol) {
        int end = eol < 0 ? text.length() : eol;
        return end > from && text.charAt(end - 1) == '\r' ? end - 1 : end;
    }

    /** A parameter of a structured field ({@code boundary}, {@code charset}), unquoted; null if absent. */
    public static String parameter(String fieldValue, String name) {
        String lower = fieldValue.toLowerCase(Locale.ROOT);
        int i = 0;
        while (true) {
            int semi = lower.indexOf(';', i);
            if (semi < 0) {
                return null;
            }
            int eq = lower.indexOf('=', semi);
            if (eq < 0) {
                return null;
            }
            String key = lower.substring(semi + 1, eq).trim();
            int valueStart = eq + 1;
            while (valueStart < fieldValue.length() && fieldValue.charAt(valueStart) == ' ') {
                valueStart++;
            }
            String value;
            int valueEnd;
            if (valueStart < fieldValue.length() && fieldValue.charAt(valueStart) == '"') {
                int close = fieldValue.indexOf('"', valueStart + 1);
                valueEnd = close < 0 ? fieldValue.length() : close;
                value = fieldValue.substring(valueStart + 1, valueEnd);
            } else {
                int stop = fieldValue.indexOf(';', valueStart);
                valueEnd = stop < 0 ? fieldValue.length() : stop;
                value = fieldValue.substring(valueStart, valueEnd).trim();
            }
            if (key.equals(name)) {
                return value;
            }
            i = Math.max(valueEnd, semi + 1);
        }
    }

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, int to, byte[] prefix) {
        if (at + prefix.length > to) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

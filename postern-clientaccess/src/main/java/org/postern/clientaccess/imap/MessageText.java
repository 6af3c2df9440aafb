package org.postern.clientaccess.imap;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postern.protocols.imap.ContentTransferEncoding;
import org.postern.protocols.imap.MimeEntity;

/**
 * The text SEARCH looks in (RFC 3501 section 6.4.4: BODY, TEXT, HEADER): header values with
 * RFC 2047 encoded-words decoded, and the decoded text of the text parts (quoted-printable and
 * base64 undone, the charset applied), not the raw octets. Case-insensitive substring matching.
 */
final class MessageText {

    private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]");
    private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?]+)\\?([bBqQ])\\?([^?]*)\\?=");
    /** Bound on the text gathered from one message's body parts. */
    private static final int MAX_TEXT = 4 * 1024 * 1024;

    private MessageText() {
    }

    static boolean containsIgnoreCase(String haystack, String needle) {
        if (needle.isEmpty()) {
            return true;
        }
        // Without lowering the whole haystack (a decoded body) first: candidates by the needle's
        // first character in either case, then a case-blind comparison of the rest.
        char first = needle.charAt(0);
        char lower = Character.toLowerCase(first);
        char upper = Character.toUpperCase(first);
        boolean ascii = first < 0x80;
        int last = haystack.length() - needle.length();
        for (int i = 0; i <= last; i++) {
            char c = haystack.charAt(i);
            if ((c == lower || c == upper || !ascii && Character.toLowerCase(c) == lower)
                    && haystack.regionMatches(true, i, needle, 0, needle.length())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Every value of header {@code name} in a header block (read as ISO-8859-1 text), unfolded
     * and decoded, joined by newlines; null if none.
     */
    static String header(String text, String name) {
        StringBuilder out = null;
        int n = text.length();
        int i = 0;
        while (i < n) {
            // one field: up to a line break not followed by a space or tab (folding, RFC 5322 section 2.2.3)
            int end = text.indexOf('\n', i);
            while (end >= 0 && end + 1 < n && (text.charAt(end + 1) == ' ' || text.charAt(end + 1) == '\t')) {
                end = text.indexOf('\n', end + 1);
            }
            int next = end < 0 ? n : end + 1;
            if (end < 0) {
                end = n;
            } else if (end > i && text.charAt(end - 1) == '\r') {
                end--;
            }
            int from = i;
            i = next;
            if (!isField(text, from, end, name)) {
                continue; // most fields: no copy made
            }
            String line = text.substring(from, end);
            int colon = line.indexOf(':');
            if (out == null) {
                out = new StringBuilder();
            } else {
                out.append('\n');
            }
            out.append(fieldValue(line.substring(colon + 1)));
        }
        return out == null ? null : out.toString();
    }

    /** A field's value as SEARCH compares it: unfolded, trimmed, encoded-words decoded. */
    static String fieldValue(String raw) {
        return decodeWords((raw.indexOf('\n') < 0 ? raw : FOLD.matcher(raw).replaceAll(" ")).trim());
    }

    /** True when the field in {@code text[from, end)} is named {@code name} (case-blind; blanks around the name allowed). */
    private static boolean isField(String text, int from, int end, String name) {
        int colon = text.indexOf(':', from);
        if (colon <= from || colon >= end) {
            return false;
        }
        int a = from;
        int b = colon;
        while (a < b && text.charAt(a) <= ' ') {
            a++;
        }
        while (b > a && text.charAt(b - 1) <= ' ') {
            b--;
        }
        return b - a == name.length() && text.regionMatches(true, a, name, 0, name.length());
    }

    /** The whole header block (read as ISO-8859-1 text), decoded (for TEXT). */
    static String headers(String text) {
        return decodeWords(text);
    }

    /** RFC 2047 encoded-words decoded; malformed ones are left as they are. */
    static String decodeWords(String value) {
        if (value.indexOf("=?") < 0) {
            return value; // no encoded-word: most values
        }
        Matcher m = ENCODED_WORD.matcher(value);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            String between = value.substring(last, m.start());
            if (last == 0 || !between.isBlank()) {
                out.append(between);
            }
            try {
                Charset cs = Charset.forName(m.group(1).replaceAll("\\*.*$", ""));
                byte[] bytes = m.group(2).equalsIgnoreCase("B") ? Base64.getMimeDecoder().decode(m.group(3))
                        : ContentTransferEncoding.quotedPrintable(m.group(3).replace('_', ' ').getBytes(StandardCharsets.ISO_8859_1));
                out.append(new String(bytes, cs));
            } catch (IllegalArgumentException e) {
                out.append(m.group());
            }
            last = m.end();
        }
        out.append(value.substring(last));
        return out.toString();
    }

    /** The decoded text of the message's text parts (and of messages inside it). */
    static String body(MimeEntity message) {
        StringBuilder out = new StringBuilder();
        collect(message, out, true);
        return out.toString();
    }

    private static void collect(MimeEntity entity, StringBuilder out, boolean top) {
        if (out.length() > MAX_TEXT) {
            return;
        }
        if (entity.isMultipart()) {
            for (MimeEntity part : entity.parts()) {
                collect(part, out, false);
            }
            return;
        }
        if (entity.isMessage()) {
            MimeEntity inner = entity.encapsulated();
            out.append(headers(inner.headerText())).append('\n');
            collect(inner, out, false);
            return;
        }
        if (!entity.type().equals("text") && !(top && entity.field("Content-Type") == null)) {
            return;
        }
        byte[] raw = entity.body();
        // undecodable: search the octets as they are
        byte[] body = ContentTransferEncoding.decode(entity.field("Content-Transfer-Encoding"), raw).orElse(raw);
        Charset charset = StandardCharsets.UTF_8;
        String type = entity.field("Content-Type");
        String name = type == null ? null : MimeEntity.parameter(type, "charset");
        if (name != null) {
            try {
                charset = Charset.forName(name.trim());
            } catch (IllegalArgumentException e) {
                charset = StandardCharsets.ISO_8859_1;
            }
        }
        out.append(new String(body, charset)).append('\n');
    }
}

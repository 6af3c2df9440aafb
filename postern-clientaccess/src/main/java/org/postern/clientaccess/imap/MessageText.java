package org.postern.clientaccess.imap;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.postern.core.mime.HeaderText;
import org.postern.protocols.imap.ContentTransferEncoding;
import org.postern.protocols.imap.MimeEntity;

/**
 * The text SEARCH looks in (RFC 3501 section 6.4.4: BODY, TEXT, HEADER): header values with
 * RFC 2047 encoded-words decoded, and the decoded text of the text parts (quoted-printable and
 * base64 undone, the charset applied), not the raw octets. Case-insensitive substring matching.
 * Header values are decoded by {@link HeaderText}, which the store's header-field index shares.
 */
final class MessageText {

    /** Bound on the text gathered from one message's body parts. */
    private static final int MAX_TEXT = 4 * 1024 * 1024;

    private MessageText() {
    }

    static boolean containsIgnoreCase(String haystack, String needle) {
        return HeaderText.containsIgnoreCase(haystack, needle);
    }

    /**
     * Every value of header {@code name} in a header block (read as ISO-8859-1 text), unfolded
     * and decoded, joined by newlines; null if none.
     */
    static String header(String text, String name) {
        return HeaderText.values(text, name);
    }

    /** A field's value as SEARCH compares it: unfolded, trimmed, encoded-words decoded. */
    static String fieldValue(String raw) {
        return HeaderText.fieldValue(raw);
    }

    /** The whole header block (read as ISO-8859-1 text), decoded (for TEXT). */
    static String headers(String text) {
        return HeaderText.decodeWords(text);
    }

    /** RFC 2047 encoded-words decoded; malformed ones are left as they are. */
    static String decodeWords(String value) {
        return HeaderText.decodeWords(value);
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

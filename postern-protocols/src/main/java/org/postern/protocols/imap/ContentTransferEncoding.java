package org.postern.protocols.imap;

import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import org.postern.core.mime.QuotedPrintable;

/**
 * The Content-Transfer-Encodings of RFC 2045 section 6, undone: the identity encodings
 * ({@code 7bit}, {@code 8bit}, {@code binary}, or no field at all), {@code base64} and
 * {@code quoted-printable}. Serves FETCH BINARY (RFC 3516 section 4.1, where an encoding the
 * server does not know is {@code NO [UNKNOWN-CTE]}) and the decoded text SEARCH reads.
 */
public final class ContentTransferEncoding {

    private ContentTransferEncoding() {
    }

    /**
     * The body decoded by the encoding named in {@code field} (the Content-Transfer-Encoding
     * field's value, null when absent); empty when the encoding is not one of RFC 2045's or the
     * body is not valid in it.
     */
    public static Optional<byte[]> decode(String field, byte[] body) {
        String encoding = field == null ? "7bit" : field.trim().toLowerCase(Locale.ROOT);
        return switch (encoding) {
            case "7bit", "8bit", "binary", "" -> Optional.of(body);
            case "base64" -> {
                try {
                    yield Optional.of(Base64.getMimeDecoder().decode(body));
                } catch (IllegalArgumentException e) {
                    yield Optional.empty();
                }
            }
            case "quoted-printable" -> Optional.of(quotedPrintable(body));
            default -> Optional.empty();
        };
    }

    /** Quoted-printable (RFC 2045 section 6.7) decoded leniently: a malformed escape stays as it is. */
    public static byte[] quotedPrintable(byte[] in) {
        return QuotedPrintable.decode(in);
    }
}

package org.postern.protocols.sasl;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The PLAIN mechanism's message (RFC 4616 section 2):
 * {@code [authzid] UTF8NUL authcid UTF8NUL passwd}, each field UTF-8 without NUL, authcid and
 * passwd not empty. Also the result of a LOGIN exchange (without authzid).
 *
 * @param authzid the identity to act as, when it differs from authcid
 */
public record PlainCredentials(Optional<String> authzid, String authcid, String password) {

    /** RFC 4616 section 2 requires at least 255 octets per field; Postern takes up to this. */
    public static final int DEFAULT_MAX_FIELD = 1024;

    public PlainCredentials {
        Objects.requireNonNull(authzid, "authzid");
        Objects.requireNonNull(authcid, "authcid");
        Objects.requireNonNull(password, "password");
    }

    public static PlainCredentials parse(byte[] message) throws SaslFormatException {
        return parse(message, DEFAULT_MAX_FIELD);
    }

    /** Parses a PLAIN message; each field is at most {@code maxField} octets. */
    public static PlainCredentials parse(byte[] message, int maxField) throws SaslFormatException {
        int first = indexOfNul(message, 0);
        int second = first < 0 ? -1 : indexOfNul(message, first + 1);
        if (first < 0 || second < 0 || indexOfNul(message, second + 1) >= 0) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_MESSAGE, "PLAIN needs exactly two NUL separators");
        }
        SaslText.checkLength(first, maxField, "authzid");
        SaslText.checkLength(second - first - 1, maxField, "authcid");
        SaslText.checkLength(message.length - second - 1, maxField, "password");
        if (second == first + 1 || second == message.length - 1) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_MESSAGE, "empty authcid or password");
        }
        String authzid = SaslText.utf8(message, 0, first, "authzid");
        String authcid = SaslText.utf8(message, first + 1, second, "authcid");
        String password = SaslText.utf8(message, second + 1, message.length, "password");
        return new PlainCredentials(authzid.isEmpty() ? Optional.empty() : Optional.of(authzid), authcid, password);
    }

    /** The message a client sends (for Postern's own SMTP client, and tests). */
    public byte[] toMessage() {
        String s = authzid.orElse("") + "\0" + authcid + "\0" + password;
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfNul(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "PlainCredentials[authzid=" + authzid + ", authcid=" + authcid + ", password=***]";
    }
}

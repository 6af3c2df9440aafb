package org.postern.protocols.sasl;

import java.util.Base64;

/**
 * The framing of SASL exchanges in SMTP (RFC 4954 section 4), IMAP (RFC 3501 section 6.2.2,
 * RFC 4959) and POP3 (RFC 5034 section 4): base64 challenges and responses (RFC 4648 section 4),
 * {@code *} to cancel, and {@code =} for an empty initial response.
 *
 * <p>Decoding is strict: only the canonical encoding of some octets is accepted (padding
 * required, spare bits zero, no white space), so no two lines decode alike.
 */
public final class SaslCodec {

    /** Default bound of a decoded response: generous for any password mechanism, small for memory. */
    public static final int DEFAULT_MAX_DECODED = 8192;

    private SaslCodec() {
    }

    /** Encodes a server challenge; an empty challenge is the empty string. */
    public static String encodeChallenge(byte[] challenge) {
        return Base64.getEncoder().encodeToString(challenge);
    }

    /** Decodes a response line sent after a challenge: {@code *} cancels, an empty line is empty data. */
    public static SaslResponse decodeResponse(String line, int maxDecoded) throws SaslFormatException {
        if (line.equals("*")) {
            return SaslResponse.CANCELLED;
        }
        return new SaslResponse.Data(decode(line, maxDecoded));
    }

    /**
     * Decodes the initial response given with the command (SMTP AUTH, IMAP SASL-IR, POP3 AUTH):
     * {@code =} is an empty response; {@code *} is not a valid initial response.
     */
    public static byte[] decodeInitialResponse(String text, int maxDecoded) throws SaslFormatException {
        if (text.equals("=")) {
            return new byte[0];
        }
        if (text.isEmpty()) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "empty initial response");
        }
        return decode(text, maxDecoded);
    }

    /** Strict base64 (RFC 4648 section 4) within a bound on the decoded length. */
    public static byte[] decode(String text, int maxDecoded) throws SaslFormatException {
        if (text.length() % 4 != 0) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "base64 length not a multiple of 4");
        }
        if ((long) text.length() / 4 * 3 > (long) maxDecoded + 2) {
            throw new SaslFormatException(SaslFormatException.Reason.TOO_LONG, "response too long");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphabet = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            boolean padding = c == '=' && i >= text.length() - 2 && (i == text.length() - 1 || text.charAt(text.length() - 1) == '=');
            if (!alphabet && !padding) {
                throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "not base64");
            }
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "not base64");
        }
        if (decoded.length > maxDecoded) {
            throw new SaslFormatException(SaslFormatException.Reason.TOO_LONG, "response too long");
        }
        if (!Base64.getEncoder().encodeToString(decoded).equals(text)) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "non-canonical base64");
        }
        return decoded;
    }
}

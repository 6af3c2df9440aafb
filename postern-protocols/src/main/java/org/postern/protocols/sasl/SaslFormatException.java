package org.postern.protocols.sasl;

/**
 * A SASL message that is not well-formed (RFC 4422 section 3.1 framing, RFC 4648 base64,
 * RFC 4616 PLAIN). The {@link Reason} lets each protocol pick its reply: SMTP answers
 * {@code 501 5.5.2} to bad base64 (RFC 4954 section 4), IMAP {@code BAD}, POP3 {@code -ERR}.
 */
public final class SaslFormatException extends Exception {

    public enum Reason {
        /** Not canonical base64: wrong alphabet, length or padding, or non-zero spare bits. */
        MALFORMED_BASE64,
        /** The decoded message is longer than the limit. */
        TOO_LONG,
        /** The mechanism's message does not follow its grammar (field count, empty field, NUL). */
        MALFORMED_MESSAGE,
        /** A field is not well-formed UTF-8. */
        MALFORMED_UTF8
    }

    private final Reason reason;

    public SaslFormatException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}

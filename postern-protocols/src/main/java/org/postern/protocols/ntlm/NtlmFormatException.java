package org.postern.protocols.ntlm;

/**
 * An NTLM message that does not follow MS-NLMP section 2.2: wrong signature or message type,
 * a field or security buffer that runs past the message, an AV pair list without its
 * terminator, a UTF-16 string of odd length. The SASL mechanism answers it as a malformed
 * message (SMTP {@code 501}, IMAP {@code BAD}, POP3 {@code -ERR}).
 */
public final class NtlmFormatException extends Exception {

    public NtlmFormatException(String message) {
        super(message, null, false, false);
    }
}

package org.postern.auth;

/**
 * Why an authentication did not succeed, in words every protocol maps to its own reply
 * (SMTP per RFC 4954 section 6, IMAP per RFC 5530, POP3 per RFC 3206).
 */
public enum AuthFailure {
    /** Wrong user or password, or no such user: never said which. SMTP 535 5.7.8, IMAP NO [AUTHENTICATIONFAILED]. */
    INVALID_CREDENTIALS,
    /** Too many recent failures from this source or for this account: try later. SMTP 454 4.7.0, IMAP NO [UNAVAILABLE]. */
    THROTTLED,
    /** The client's message does not parse (bad base64, missing NUL, over-long field). SMTP 501 5.5.2, IMAP BAD. */
    MALFORMED,
    /** The client answered {@code *}. SMTP 501 5.7.0, IMAP BAD. */
    CANCELLED,
    /** The mechanism is unknown or not offered now. SMTP 504 5.5.4, IMAP NO. */
    MECHANISM_UNAVAILABLE,
    /** Credentials in clear text before TLS. SMTP 538 5.7.11, IMAP NO [PRIVACYREQUIRED]. */
    ENCRYPTION_REQUIRED,
    /** The client asks to act as another user (an authzid), which is not allowed. SMTP 535 5.7.8, IMAP NO [AUTHORIZATIONFAILED]. */
    NOT_AUTHORIZED,
    /** The directory could not be asked. SMTP 454 4.7.0, IMAP NO [UNAVAILABLE]. */
    TEMPORARY
}

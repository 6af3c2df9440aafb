package org.postern.protocols.smtp;

/** SMTP (RFC 5321) or LMTP (RFC 2033): the same commands but for the greeting verb. */
public enum SmtpDialect {
    SMTP,
    /** RFC 2033: LHLO instead of HELO/EHLO; one reply per recipient after DATA. */
    LMTP
}

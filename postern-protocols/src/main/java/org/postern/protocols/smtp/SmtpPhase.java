package org.postern.protocols.smtp;

/**
 * Where a session stands in the RFC 5321 command sequence (section 4.1.4 and 4.3.2), as far
 * as {@link SmtpVerb#allowedIn(SmtpPhase)} needs it. The session itself keeps richer state.
 */
public enum SmtpPhase {
    /** Connected, greeting sent, no HELO/EHLO/LHLO yet. */
    BEFORE_HELLO,
    /** Hello done, no mail transaction. */
    AFTER_HELLO,
    /** MAIL accepted, no recipient yet. */
    AFTER_MAIL,
    /** At least one RCPT accepted. */
    AFTER_RCPT,
    /** Between BDAT chunks, before the LAST one (RFC 3030 section 2). */
    IN_BDAT
}

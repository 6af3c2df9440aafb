/**
 * The Hub Transport's SMTP receive side: the listeners on port 25 (MX), 587 (submission with
 * STARTTLS) and 465 (submission over implicit TLS), the session state machine, its command
 * handlers (one per verb), the policy chain, and the hand-over of each message to the
 * {@link org.postern.transport.queue.TransportQueue}.
 *
 * <p>Implements: RFC 5321 (the session, sequencing 4.1.4, Received 4.4, limits 4.5.3.1,
 * timeouts 4.5.3.2, Postmaster 4.5.1), RFC 2920 (PIPELINING), RFC 1870 (SIZE), RFC 6152
 * (8BITMIME), RFC 6531 (SMTPUTF8), RFC 2034 and RFC 3463 (enhanced status codes), RFC 3030
 * (CHUNKING, BDAT), RFC 3461 (DSN parameters kept in the envelope), RFC 3207 (STARTTLS),
 * RFC 4954 (AUTH, SASL-IR), RFC 8314 (implicit TLS for submission), RFC 6409 (message
 * submission: Message-ID and Date added when missing), RFC 3848 (Received "with" keywords).
 *
 * <p>Wire parsing and serialization live in {@code org.postern.protocols.smtp}; this package
 * never touches bytes of a command itself. Entry point: {@link SmtpReceiveService}.
 */
package org.postern.transport.smtp;

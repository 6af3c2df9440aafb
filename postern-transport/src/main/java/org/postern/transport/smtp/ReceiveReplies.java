package org.postern.transport.smtp;

import org.postern.protocols.smtp.SmtpReply;

/**
 * Replies of the receive side that the wire layer's {@link org.postern.protocols.smtp.SmtpReplies}
 * does not carry, or carries with another code. Texts stay generic; details go to the log.
 */
final class ReceiveReplies {

    private ReceiveReplies() {
    }

    /**
     * No open relay (DESIGN.md). {@code 550} rather than the wire layer's {@code 554}: RFC 5321
     * section 3.6.2 names 550 for a refused relay, and it refuses the recipient only, not the
     * transaction.
     */
    static final SmtpReply RELAY_DENIED = SmtpReply.of(550, "5.7.1", "Relay access denied");

    /** RFC 5321 section 6.3, RFC 3463 X.4.6: too many Received headers, a mail loop. */
    static final SmtpReply TOO_MANY_HOPS = SmtpReply.of(554, "5.4.6", "Too many hops, mail loop suspected");

    /** RFC 2920: a command pipelined after DATA's reply was due, with no recipient. */
    static final SmtpReply DATA_REFUSED = SmtpReply.of(554, "5.5.1", "No valid recipients");

    /** A BDAT chunk after a failed chunk of the same message (RFC 3030 section 2). */
    static final SmtpReply CHUNK_DISCARDED = SmtpReply.of(503, "5.5.1", "Bad sequence of commands, chunk discarded");

    /** A BDAT command that cannot be parsed: its octets cannot be skipped, so the session ends. */
    static final SmtpReply BDAT_UNREADABLE = SmtpReply.of(421, "4.5.0", "Cannot read BDAT command, closing connection");
}

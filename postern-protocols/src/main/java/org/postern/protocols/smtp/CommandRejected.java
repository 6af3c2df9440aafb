package org.postern.protocols.smtp;

/** Thrown inside the parser to unwind to {@link SmtpCommandParser#parse}; never escapes it. */
final class CommandRejected extends Exception {

    private final transient SmtpReply reply;

    CommandRejected(SmtpReply reply) {
        super(null, null, false, false);
        this.reply = reply;
    }

    SmtpReply reply() {
        return reply;
    }
}

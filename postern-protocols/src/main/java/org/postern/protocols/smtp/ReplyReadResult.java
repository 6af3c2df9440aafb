package org.postern.protocols.smtp;

import java.util.Objects;

/** What {@link SmtpReplyReader} read from a server: a reply, a malformed one, or the end of the stream. */
public sealed interface ReplyReadResult {

    record Reply(SmtpReply reply) implements ReplyReadResult {
        public Reply {
            Objects.requireNonNull(reply, "reply");
        }
    }

    /** Not an RFC 5321 reply (section 4.2); the client treats the connection as failed. */
    record Malformed(String reason) implements ReplyReadResult {
    }

    record EndOfStream() implements ReplyReadResult {
    }
}

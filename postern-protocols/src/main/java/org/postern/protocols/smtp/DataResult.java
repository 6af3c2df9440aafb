package org.postern.protocols.smtp;

/**
 * How a DATA body or a BDAT chunk ended. Every outcome but {@link Status#END_OF_STREAM} leaves
 * the reader in step with the client, so the session goes on with the next command.
 *
 * @param status what happened
 * @param size   octets of message content seen (after dot-unstuffing), counting those
 *               discarded past the limit
 */
public record DataResult(Status status, long size) {

    public enum Status {
        /** The whole body arrived and was written out. */
        OK,
        /** More octets than the size limit: the excess was read and discarded ({@code 552 5.3.4}). */
        TOO_BIG,
        /**
         * A CR or LF not part of a CRLF pair was in the body: the message is refused
         * ({@link SmtpReplies#BARE_LINE_ENDING}) so that no peer can smuggle a second message
         * past another server that reads line endings differently.
         */
        BARE_LINE_ENDING,
        /** The peer closed the connection before the end of the data; nothing may be accepted. */
        END_OF_STREAM
    }

    public boolean isOk() {
        return status == Status.OK;
    }
}

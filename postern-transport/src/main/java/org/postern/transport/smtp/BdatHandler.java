package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.BdatChunkReader;
import org.postern.protocols.smtp.DataResult;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;

/**
 * BDAT (RFC 3030 section 2, CHUNKING): exactly the announced octets follow each command, with
 * no dot-stuffing and no end marker; each chunk is answered, and {@code BDAT n LAST} ends the
 * message, which then goes through the same intake as DATA. The size limit applies to the sum
 * of the chunks; past it the chunk is read and dropped and the transaction fails with
 * {@code 552 5.3.4} (section 3: the client sends no more chunks of it).
 */
final class BdatHandler {

    private BdatHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Bdat command) throws IOException {
        SmtpReceiveSettings settings = s.config().settings();
        SessionState.Chunking chunking = switch (s.state()) {
            case SessionState.Chunking c -> c;
            case SessionState.InTransaction t -> new SessionState.Chunking(t.hello(), t.transaction(),
                    new MessageSpool(settings.spoolThreshold(), settings.spoolDirectory()),
                    new BdatChunkReader(settings.limits().maxMessageSize()));
            default -> throw new IllegalStateException("BDAT in " + s.state().phase());
        };
        s.setState(chunking);
        s.readTimeout(settings.dataTimeout());
        DataResult result = chunking.chunks().readChunk(s.reader(), command.size(), chunking.body());
        switch (result.status()) {
            case OK -> {
                if (command.last()) {
                    for (SmtpReply reply : s.config().intake().accept(s, chunking.hello(), chunking.transaction(), chunking.body())) {
                        s.reply(reply);
                    }
                    s.setState(s.afterTransaction());
                } else {
                    s.reply(SmtpReplies.chunkReceived(command.size()));
                }
            }
            case TOO_BIG -> {
                s.setState(s.afterTransaction());
                s.reply(SmtpReplies.MESSAGE_TOO_BIG);
            }
            case BARE_LINE_ENDING -> throw new IllegalStateException("BDAT does not inspect line endings");
            case END_OF_STREAM -> s.peerClosed();
        }
    }
}

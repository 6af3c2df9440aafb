package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.DataResult;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;

/**
 * DATA (RFC 5321 section 4.1.1.4): {@code 354}, then the body up to {@code <CRLF>.<CRLF>}
 * through the wire layer's {@link org.postern.protocols.smtp.DataReader} into a
 * {@link MessageSpool}. SIZE is enforced while reading ({@code 552 5.3.4} after the end, RFC
 * 1870); a bare CR or LF anywhere refuses the message ({@code 554 5.6.0}, no SMTP smuggling);
 * a client that goes away mid-body leaves nothing behind. Either way the transaction ends.
 */
final class DataHandler {

    private DataHandler() {
    }

    static void handle(SmtpSession s) throws IOException {
        SessionState.InTransaction in = (SessionState.InTransaction) s.state();
        s.reply(SmtpReplies.START_MAIL_INPUT);
        s.flush();
        SmtpReceiveSettings settings = s.config().settings();
        try (MessageSpool body = new MessageSpool(settings.spoolThreshold(), settings.spoolDirectory())) {
            s.readTimeout(settings.dataTimeout());
            DataResult result = s.dataReader().read(s.reader(), body);
            s.setState(s.afterTransaction());
            switch (result.status()) {
                case OK -> {
                    for (SmtpReply reply : s.config().intake().accept(s, in.hello(), in.transaction(), body)) {
                        s.reply(reply); // one for SMTP; one per recipient for LMTP (RFC 2033 section 4.2)
                    }
                }
                case TOO_BIG -> s.reply(SmtpReplies.MESSAGE_TOO_BIG);
                case BARE_LINE_ENDING -> s.error(SmtpReplies.BARE_LINE_ENDING);
                case END_OF_STREAM -> s.peerClosed();
            }
        }
    }
}

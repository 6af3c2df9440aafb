package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.SmtpReplies;

/**
 * STARTTLS (RFC 3207 section 4): {@code 220 2.0.0}, then the session drops what the client
 * pipelined, wraps the socket, and starts again from before EHLO ({@link SmtpSession#startTls()}).
 */
final class StartTlsHandler {

    private StartTlsHandler() {
    }

    static void handle(SmtpSession s) throws IOException {
        s.reply(SmtpReplies.READY_TO_START_TLS);
        s.startTls();
    }
}

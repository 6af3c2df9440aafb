package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.SmtpReplies;

/** RSET (RFC 5321 section 4.1.1.5): ends the transaction, keeps the hello, TLS and AUTH. */
final class RsetHandler {

    private RsetHandler() {
    }

    static void handle(SmtpSession s) throws IOException {
        s.setState(s.afterTransaction());
        s.reply(SmtpReplies.RESET_OK);
    }
}

package org.postern.transport.smtp;

import java.io.IOException;

/** QUIT (RFC 5321 section 4.1.1.10): {@code 221} and close; an open transaction is dropped. */
final class QuitHandler {

    private QuitHandler() {
    }

    static void handle(SmtpSession s) throws IOException {
        s.setState(s.afterTransaction());
        s.quit();
    }
}

package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.SmtpReplies;

/** NOOP (RFC 5321 section 4.1.1.9) and HELP (section 4.1.1.8): nothing changes. */
final class NoopHandler {

    private NoopHandler() {
    }

    static void handle(SmtpSession s, boolean help) throws IOException {
        s.reply(help ? SmtpReplies.HELP : SmtpReplies.NOOP_OK);
    }
}

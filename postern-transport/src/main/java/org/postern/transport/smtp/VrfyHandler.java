package org.postern.transport.smtp;

import java.io.IOException;
import org.postern.protocols.smtp.SmtpReplies;

/**
 * VRFY and EXPN (RFC 5321 sections 4.1.1.6, 4.1.1.7, 3.5.3): VRFY answers {@code 252} without
 * saying whether the user exists, and EXPN is not offered — neither may be used to harvest the
 * directory (section 7.3).
 */
final class VrfyHandler {

    private VrfyHandler() {
    }

    static void handle(SmtpSession s, boolean expn) throws IOException {
        s.reply(expn ? SmtpReplies.NOT_IMPLEMENTED : SmtpReplies.CANNOT_VRFY);
    }
}

package org.postern.transport.smtp;

import java.io.IOException;
import java.util.List;
import org.postern.protocols.smtp.EhloCapabilities;

/**
 * EHLO and HELO (RFC 5321 section 4.1.1.1): a new hello ends any transaction (section 4.1.4).
 * The EHLO reply is computed from the enabled extensions and the TLS and AUTH state (style
 * rule 12): STARTTLS only before TLS, AUTH only under TLS and before a successful AUTH.
 */
final class EhloHandler {

    private EhloHandler() {
    }

    static void handle(SmtpSession s, String domain, boolean extended) throws IOException {
        s.setState(new SessionState.Ready(new SessionState.Hello(domain, extended)));
        SessionConfig config = s.config();
        if (extended) {
            List<String> mechanisms = config.authenticator().mechanisms(s.authContext());
            s.reply(config.capabilities(mechanisms).ehloReply(config.hostname(), "Postern", s.isTls(), s.user().isPresent()));
        } else {
            s.reply(EhloCapabilities.heloReply(config.hostname()));
        }
    }
}

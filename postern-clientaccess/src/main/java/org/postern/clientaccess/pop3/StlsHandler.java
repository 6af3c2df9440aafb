package org.postern.clientaccess.pop3;

import java.io.IOException;
import org.postern.protocols.pop3.Pop3Request;

/**
 * STLS (RFC 2595 section 4): {@code +OK}, then the TLS handshake; whatever the client sent
 * after STLS in plain text is dropped, and the session starts over in AUTHORIZATION.
 */
final class StlsHandler implements Pop3Handler.InAuthorization {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Authorization state, Pop3Context context) throws IOException {
        if (!context.canStartTls()) {
            context.countBadCommand();
            context.err("STLS is not available here");
            return state;
        }
        context.ok("Begin TLS negotiation");
        context.startTls();
        return Pop3State.Authorization.FRESH;
    }
}

package org.postern.clientaccess.pop3;

import java.io.IOException;
import org.postern.protocols.pop3.Pop3Request;

/**
 * APOP (RFC 1939 section 7): refused. It needs every password kept in clear on the server and
 * rests on MD5; the greeting carries no timestamp, so no client should try it.
 */
final class ApopHandler implements Pop3Handler.InAuthorization {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Authorization state, Pop3Context context) throws IOException {
        context.countBadCommand();
        context.err("APOP is not supported; use USER/PASS or AUTH after STLS");
        return Pop3State.Authorization.FRESH;
    }
}

package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.Optional;
import org.postern.protocols.pop3.Pop3Request;

/** USER name (RFC 1939 section 7): remembered for PASS; never says whether the user exists. */
final class UserHandler implements Pop3Handler.InAuthorization {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Authorization state, Pop3Context context) throws IOException {
        context.ok("Send PASS");
        return new Pop3State.Authorization(Optional.of(request.argument(0)));
    }
}

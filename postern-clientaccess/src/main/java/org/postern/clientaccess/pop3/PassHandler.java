package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.Arrays;
import org.postern.protocols.pop3.Pop3Request;

/**
 * PASS string (RFC 1939 section 7), right after USER: checked by the {@link
 * org.postern.auth.Authenticator} like SASL PLAIN, through the same failure throttle.
 */
final class PassHandler implements Pop3Handler.InAuthorization {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Authorization state, Pop3Context context) throws IOException {
        if (state.user().isEmpty()) {
            context.countBadCommand();
            context.err("USER first");
            return state;
        }
        char[] password = request.argument(0).toCharArray();
        try {
            return Logins.finish(context.backend().authenticator().login(state.user().get(), password, context.authContext()), context);
        } finally {
            Arrays.fill(password, '\0');
        }
    }
}

package org.postern.clientaccess.pop3;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslDialogue;
import org.postern.auth.SaslExchange;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.pop3.Pop3Request;

/**
 * AUTH mechanism [initial-response] (RFC 5034 section 4) through the {@link
 * org.postern.auth.Authenticator}: challenges as {@code + base64}, {@code *} cancels, an
 * initial response of {@code =} is empty. AUTH without a mechanism lists the mechanisms, as
 * many servers and older clients (RFC 1734) do.
 */
final class AuthHandler implements Pop3Handler.InAuthorization {

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Authorization state, Pop3Context context) throws IOException {
        List<String> mechanisms = context.backend().authenticator().mechanisms(context.authContext());
        if (request.arguments().isEmpty()) {
            context.multiLine("Supported mechanisms follow", mechanisms);
            return state;
        }
        Optional<SaslExchange> begun = context.backend().authenticator().begin(request.argument(0), context.authContext());
        if (begun.isEmpty()) {
            return Logins.fail(AuthFailure.MECHANISM_UNAVAILABLE, context);
        }
        int max = context.backend().limits().maxAuthLine();
        SaslDialogue.Ending ending = SaslDialogue.run(begun.get(), request.optionalArgument(1), new SaslDialogue.Wire() {
            @Override
            public void challenge(String base64) throws IOException {
                context.continuation(base64);
                context.flush();
            }

            @Override
            public LineResult response() throws IOException {
                return context.readLine(max);
            }
        });
        return switch (ending) {
            case SaslDialogue.Ending.Finished f -> Logins.finish(f.step(), context);
            case SaslDialogue.Ending.Malformed m -> Logins.fail(AuthFailure.MALFORMED, context);
            case SaslDialogue.Ending.TooLong t -> Logins.fail(AuthFailure.MALFORMED, context);
            case SaslDialogue.Ending.PeerClosed c -> throw new EOFException("peer closed during AUTH");
        };
    }
}

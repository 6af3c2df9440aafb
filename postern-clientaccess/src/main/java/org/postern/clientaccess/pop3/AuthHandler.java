package org.postern.clientaccess.pop3;

import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.pop3.Pop3Request;
import org.postern.protocols.sasl.SaslCodec;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.sasl.SaslResponse;

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
        SaslExchange exchange = begun.get();
        int max = context.backend().limits().maxAuthLine();
        SaslStep step;
        try {
            Optional<byte[]> initial = request.optionalArgument(1).isPresent()
                    ? Optional.of(SaslCodec.decodeInitialResponse(request.argument(1), SaslCodec.DEFAULT_MAX_DECODED))
                    : Optional.empty();
            step = exchange.start(initial);
            while (step instanceof SaslStep.Challenge challenge) {
                context.continuation(SaslCodec.encodeChallenge(challenge.data()));
                context.flush();
                LineResult line = context.readLine(max);
                step = switch (line) {
                    case LineResult.EndOfStream e -> throw new EOFException("peer closed during AUTH");
                    case LineResult.TooLong t -> {
                        exchange.cancel();
                        yield new SaslStep.Failure(AuthFailure.MALFORMED);
                    }
                    case LineResult.Line l -> switch (SaslCodec.decodeResponse(l.latin1(), SaslCodec.DEFAULT_MAX_DECODED)) {
                        case SaslResponse.Cancelled c -> exchange.cancel();
                        case SaslResponse.Data d -> exchange.step(d.bytes());
                    };
                };
            }
        } catch (SaslFormatException e) {
            exchange.cancel();
            return Logins.fail(AuthFailure.MALFORMED, context);
        }
        return Logins.finish(step, context);
    }
}

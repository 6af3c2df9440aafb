package org.postern.clientaccess.imap;

import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.sasl.SaslCodec;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.sasl.SaslResponse;

/**
 * AUTHENTICATE mechanism [initial-response] (RFC 3501 section 6.2.2, RFC 4959 SASL-IR) through
 * the {@link org.postern.auth.Authenticator}: challenges as {@code + base64}, {@code *} cancels,
 * an initial response of {@code =} is empty. The mechanism list stays open for the ones the
 * authentication layer adds (NTLM, GSSAPI).
 */
final class AuthenticateHandler implements ImapHandler {

    /** The longest SASL response line: an 8 KiB response in base64. */
    private static final int MAX_RESPONSE_LINE = 12_288;

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        ImapRequest.Authenticate auth = (ImapRequest.Authenticate) request.arguments();
        Optional<SaslExchange> begun = context.backend().authenticator().begin(auth.mechanism(), context.authContext());
        if (begun.isEmpty()) {
            return Logins.fail(request.tag(), AuthFailure.MECHANISM_UNAVAILABLE, context);
        }
        SaslExchange exchange = begun.get();
        SaslStep step;
        try {
            Optional<byte[]> initial = auth.initialResponse().isPresent()
                    ? Optional.of(SaslCodec.decodeInitialResponse(auth.initialResponse().get(), SaslCodec.DEFAULT_MAX_DECODED))
                    : Optional.empty();
            step = exchange.start(initial);
            while (step instanceof SaslStep.Challenge challenge) {
                context.out().raw("+ " + SaslCodec.encodeChallenge(challenge.data())).crlf();
                context.flush();
                LineResult line = context.readLine(MAX_RESPONSE_LINE);
                step = switch (line) {
                    case LineResult.EndOfStream e -> throw new EOFException("peer closed during AUTHENTICATE");
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
            return Logins.fail(request.tag(), AuthFailure.MALFORMED, context);
        }
        return Logins.finish(request.tag(), step, context);
    }
}

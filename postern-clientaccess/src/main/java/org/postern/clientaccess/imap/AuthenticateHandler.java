package org.postern.clientaccess.imap;

import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslDialogue;
import org.postern.auth.SaslExchange;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.io.LineResult;

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
        SaslDialogue.Ending ending = SaslDialogue.run(begun.get(), auth.initialResponse(), new SaslDialogue.Wire() {
            @Override
            public void challenge(String base64) throws IOException {
                context.out().raw("+ " + base64).crlf();
                context.flush();
            }

            @Override
            public LineResult response() throws IOException {
                return context.readLine(MAX_RESPONSE_LINE);
            }
        });
        return switch (ending) {
            case SaslDialogue.Ending.Finished f -> Logins.finish(request.tag(), f.step(), context);
            case SaslDialogue.Ending.Malformed m -> Logins.fail(request.tag(), AuthFailure.MALFORMED, context);
            case SaslDialogue.Ending.TooLong t -> Logins.fail(request.tag(), AuthFailure.MALFORMED, context);
            case SaslDialogue.Ending.PeerClosed c -> throw new EOFException("peer closed during AUTHENTICATE");
        };
    }
}

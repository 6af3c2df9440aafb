package org.postern.transport.smtp;

import java.io.IOException;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslDialogue;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.smtp.SmtpCommand;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;

/**
 * AUTH (RFC 4954 section 4): drives a {@link SaslExchange} of the {@link org.postern.auth.Authenticator},
 * with the initial response on the command line (SASL-IR) or after an empty {@code 334}; each
 * challenge goes out as {@code 334} and base64, {@code *} cancels. Only ever reached under TLS
 * (the command table answers {@code 538 5.7.11} before it). Every refusal counts against the
 * error budget, on top of the authenticator's own throttle.
 */
final class AuthHandler {

    private AuthHandler() {
    }

    static void handle(SmtpSession s, SmtpCommand.Auth command) throws IOException {
        Optional<SaslExchange> begun = s.config().authenticator().begin(command.mechanism(), s.authContext());
        if (begun.isEmpty()) {
            s.error(SmtpReplies.UNKNOWN_AUTH_MECHANISM);
            return;
        }
        SaslDialogue.Ending ending = SaslDialogue.run(begun.get(), command.initialResponse(), new SaslDialogue.Wire() {
            @Override
            public void challenge(String base64) throws IOException {
                s.reply(SmtpReplies.authChallenge(base64));
                s.flush();
            }

            @Override
            public LineResult response() throws IOException {
                return s.reader().readLine(s.config().settings().limits().maxAuthLine());
            }
        });
        switch (ending) {
            case SaslDialogue.Ending.Finished f -> finish(s, f.step());
            case SaslDialogue.Ending.Malformed m -> s.error(SmtpReplies.AUTH_BAD_BASE64);
            case SaslDialogue.Ending.TooLong t -> s.error(SmtpReplies.AUTH_LINE_TOO_LONG);
            case SaslDialogue.Ending.PeerClosed c -> s.peerClosed();
        }
    }

    private static void finish(SmtpSession s, SaslStep step) throws IOException {
        switch (step) {
            case SaslStep.Success ok -> {
                s.authenticated(ok.user());
                s.reply(SmtpReplies.AUTH_SUCCEEDED);
            }
            case SaslStep.PeerServer peer -> {
                s.authenticatedServer(peer.principal());
                s.reply(SmtpReplies.AUTH_SUCCEEDED);
            }
            case SaslStep.Failure f -> s.error(reply(f.reason()));
            case SaslStep.Challenge c -> throw new IllegalStateException("unreachable");
        }
    }

    /** The one mapper of authentication failures to SMTP replies (RFC 4954 section 6). */
    static SmtpReply reply(AuthFailure failure) {
        return switch (failure) {
            case INVALID_CREDENTIALS, NOT_AUTHORIZED -> SmtpReplies.AUTH_INVALID_CREDENTIALS;
            case THROTTLED -> SmtpReplies.AUTH_THROTTLED;
            case MALFORMED -> SmtpReplies.AUTH_BAD_BASE64;
            case CANCELLED -> SmtpReplies.AUTH_CANCELLED;
            case MECHANISM_UNAVAILABLE -> SmtpReplies.UNKNOWN_AUTH_MECHANISM;
            case ENCRYPTION_REQUIRED -> SmtpReplies.ENCRYPTION_REQUIRED_FOR_AUTH;
            case TEMPORARY -> SmtpReplies.AUTH_TEMPORARY_FAILURE;
        };
    }
}

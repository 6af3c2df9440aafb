package org.postern.transport.smtp;

import java.io.IOException;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.protocols.io.LineResult;
import org.postern.protocols.sasl.SaslCodec;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.protocols.sasl.SaslResponse;
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
        SaslExchange exchange = begun.get();
        int max = SaslCodec.DEFAULT_MAX_DECODED;
        SaslStep step;
        if (command.initialResponse().isPresent()) {
            try {
                step = exchange.start(Optional.of(SaslCodec.decodeInitialResponse(command.initialResponse().get(), max)));
            } catch (SaslFormatException e) {
                exchange.cancel();
                s.error(SmtpReplies.AUTH_BAD_BASE64);
                return;
            }
        } else {
            step = exchange.start(Optional.empty());
        }
        while (step instanceof SaslStep.Challenge challenge) {
            s.reply(SmtpReplies.authChallenge(SaslCodec.encodeChallenge(challenge.data())));
            s.flush();
            LineResult line = s.reader().readLine(s.config().settings().limits().maxAuthLine());
            switch (line) {
                case LineResult.EndOfStream e -> {
                    exchange.cancel();
                    s.peerClosed();
                    return;
                }
                case LineResult.TooLong t -> {
                    exchange.cancel();
                    s.error(SmtpReplies.AUTH_LINE_TOO_LONG);
                    return;
                }
                case LineResult.Line l -> {
                    try {
                        if (!l.isCanonical()) {
                            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_BASE64, "bare line ending");
                        }
                        step = switch (SaslCodec.decodeResponse(l.latin1(), max)) {
                            case SaslResponse.Cancelled c -> exchange.cancel();
                            case SaslResponse.Data d -> exchange.step(d.bytes());
                        };
                    } catch (SaslFormatException e) {
                        exchange.cancel();
                        s.error(SmtpReplies.AUTH_BAD_BASE64);
                        return;
                    }
                }
            }
        }
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

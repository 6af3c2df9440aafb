package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslStep;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of LOGIN and AUTHENTICATE alike: on success, a session lease for the user and the
 * authenticated state ({@code OK [CAPABILITY …]}); on failure, the answer with its RFC 5530
 * response code, as {@link AuthFailure} documents.
 */
final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    private Logins() {
    }

    static ImapState finish(String tag, SaslStep step, ImapContext context) throws IOException {
        return switch (step) {
            case SaslStep.Success s -> complete(tag, s.user(), context);
            case SaslStep.PeerServer p -> fail(tag, AuthFailure.INVALID_CREDENTIALS, context); // servers never sign in to IMAP
            case SaslStep.Failure f -> fail(tag, f.reason(), context);
            case SaslStep.Challenge c -> throw new IllegalStateException("an exchange ended on a challenge");
        };
    }

    private static ImapState complete(String tag, User user, ImapContext context) throws IOException {
        try {
            context.backend().store().inbox(user.address()); // a user the directory knows gets a mailbox at its first login
        } catch (StoreException e) {
            LOG.warn("imap: {} logged in but its mailbox could not be opened: {}", user.address(), e.getMessage());
            context.no(tag, "UNAVAILABLE", "Mailbox unavailable, try again later");
            return ImapState.NOT_AUTHENTICATED;
        }
        Optional<UserSessions.Lease> lease = context.backend().sessions().tryOpen(user.address());
        if (lease.isEmpty()) {
            context.no(tag, "LIMIT", "Too many sessions for this user");
            return ImapState.NOT_AUTHENTICATED;
        }
        context.resetBad();
        context.ok(tag, "CAPABILITY " + String.join(" ", context.capabilities(true)), "Logged in");
        return new ImapState.Authenticated(user, lease.get());
    }

    static ImapState fail(String tag, AuthFailure failure, ImapContext context) throws IOException {
        context.countBad();
        switch (failure) {
            case INVALID_CREDENTIALS -> context.no(tag, "AUTHENTICATIONFAILED", "Authentication failed");
            case NOT_AUTHORIZED -> context.no(tag, "AUTHORIZATIONFAILED", "Authorization failed");
            case THROTTLED -> context.no(tag, "UNAVAILABLE", "Too many failed logins, try again later");
            case TEMPORARY -> context.no(tag, "UNAVAILABLE", "Authentication is unavailable, try again later");
            case ENCRYPTION_REQUIRED -> context.no(tag, "PRIVACYREQUIRED", "Use STARTTLS first");
            case MALFORMED -> context.bad(tag, "Malformed credentials");
            case CANCELLED -> context.bad(tag, "Authentication cancelled");
            case MECHANISM_UNAVAILABLE -> context.no(tag, "Unsupported authentication mechanism");
        }
        return ImapState.NOT_AUTHENTICATED;
    }
}

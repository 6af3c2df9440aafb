package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postern.auth.AuthFailure;
import org.postern.auth.SaslStep;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.Folder;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidSet;
import org.postern.protocols.pop3.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of PASS and AUTH alike: on success, lock the owner's Inbox and take the maildrop's
 * snapshot (RFC 1939 section 4: "the POP3 server then acquires an exclusive-access lock on the
 * maildrop"); on failure, the answer with its RFC 2449/3206 response code.
 */
final class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    private Logins() {
    }

    static Pop3State complete(SaslStep.Success success, Pop3Context context) throws IOException {
        User user = success.user();
        var store = context.backend().store();
        Folder folder;
        try {
            folder = store.inbox(user.address()); // a user the directory knows gets a mailbox at its first login
        } catch (StoreException e) {
            LOG.warn("pop3: {} logged in but its mailbox could not be opened: {}", user.address(), e.getMessage());
            context.err(ResponseCode.SYS_TEMP, "Mailbox unavailable, try again later");
            return Pop3State.Authorization.FRESH;
        }
        Optional<MaildropLocks.Lease> lock = context.backend().locks().tryLock(folder.id());
        if (lock.isEmpty()) {
            context.err(ResponseCode.IN_USE, "Mailbox is locked by another POP3 session");
            return Pop3State.Authorization.FRESH;
        }
        try {
            List<MessageMetadata> snapshot = store.fetch(folder.id(), UidSet.all());
            Maildrop maildrop = new Maildrop(user.address(), folder.id(), folder.uidValidity(), snapshot);
            context.ok("Logged in, " + maildrop.count() + " messages (" + maildrop.size() + " octets)");
            return new Pop3State.Transaction(user, maildrop, lock.get());
        } catch (RuntimeException | Error e) {
            lock.get().close();
            throw e;
        }
    }

    /** Answers a failed login and counts it against the session's budget. */
    static Pop3State fail(AuthFailure failure, Pop3Context context) throws IOException {
        context.countBadCommand();
        switch (failure) {
            case INVALID_CREDENTIALS, NOT_AUTHORIZED -> context.err(ResponseCode.AUTH, "Authentication failed");
            case THROTTLED -> context.err(ResponseCode.LOGIN_DELAY, "Too many failed logins, try again later");
            case TEMPORARY -> context.err(ResponseCode.SYS_TEMP, "Authentication is unavailable, try again later");
            case ENCRYPTION_REQUIRED -> context.err(ResponseCode.AUTH, "Plaintext authentication disallowed on non-secure connections; use STLS");
            case MALFORMED -> context.err("Malformed credentials");
            case CANCELLED -> context.err("Authentication cancelled");
            case MECHANISM_UNAVAILABLE -> context.err("Unsupported authentication mechanism");
        }
        return Pop3State.Authorization.FRESH;
    }

    static Pop3State finish(SaslStep step, Pop3Context context) throws IOException {
        return switch (step) {
            case SaslStep.Success s -> complete(s, context);
            case SaslStep.PeerServer p -> fail(AuthFailure.INVALID_CREDENTIALS, context); // servers never sign in to POP3
            case SaslStep.Failure f -> fail(f.reason(), context);
            case SaslStep.Challenge c -> throw new IllegalStateException("an exchange ended on a challenge");
        };
    }
}

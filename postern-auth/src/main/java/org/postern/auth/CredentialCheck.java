package org.postern.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.postern.auth.SaslStep.Failure;
import org.postern.auth.SaslStep.Success;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.sasl.PlainCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a mechanism's exchange decides, for one attempt in one {@link AuthContext}: the
 * directory behind the failure throttle, with the log lines every mechanism shares. Made by
 * {@link DirectoryAuthenticator}; one per attempt.
 *
 * <p>Password mechanisms (PLAIN, LOGIN, and the protocols' own LOGIN and USER/PASS commands)
 * call {@link #password}. Mechanisms that verify by themselves (NTLM against the NT hash,
 * GSSAPI against a ticket, SCRAM against its verifier) call {@link #refusal} once they know the
 * account, then {@link #failed}, or {@link #succeeded} (or {@link #authorize} with an authzid).
 *
 * <p>Authorization identities (RFC 4422 section 3.4.1): no proxy authorization. An authzid is
 * accepted only when it names the authenticated user (its authcid, login, or one of its own
 * addresses); any other is {@link AuthFailure#NOT_AUTHORIZED}.
 */
public final class CredentialCheck {

    private static final Logger log = LoggerFactory.getLogger(CredentialCheck.class);

    private final Directory directory;
    private final AuthThrottle throttle;
    private final AuthContext context;
    private final String mechanism;

    CredentialCheck(Directory directory, AuthThrottle throttle, AuthContext context, String mechanism) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.context = Objects.requireNonNull(context, "context");
        this.mechanism = Objects.requireNonNull(mechanism, "mechanism");
    }

    public AuthContext context() {
        return context;
    }

    /** The directory, for what a mechanism needs beyond a password check (the NT hash for NTLM). */
    public Directory directory() {
        return directory;
    }

    /** Checks a PLAIN message or a completed LOGIN exchange. */
    public SaslStep password(PlainCredentials credentials) {
        char[] password = credentials.password().toCharArray();
        try {
            return password(credentials.authzid(), credentials.authcid(), password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /**
     * Checks a login and password, unless the throttle refuses first. The caller keeps
     * ownership of {@code password} (and wipes it).
     */
    SaslStep password(Optional<String> authzid, String login, char[] password) {
        Optional<SaslStep> refused = refusal(login);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<User> user;
        try {
            user = directory.authenticate(login, password);
        } catch (RuntimeException e) {
            return directoryUnavailable(e);
        }
        if (user.isEmpty()) {
            return failed(login);
        }
        return authorize(authzid, login, user.get());
    }

    /**
     * The credentials proved {@code user} (signed in as {@code login}): succeeds, unless an
     * authorization identity names someone else ({@link AuthFailure#NOT_AUTHORIZED}, the
     * throttle forgetting the failures all the same, since the credentials were right).
     */
    public SaslStep authorize(Optional<String> authzid, String login, User user) {
        if (authzid.isPresent()) {
            boolean same;
            try {
                same = names(user, login, authzid.get());
            } catch (RuntimeException e) {
                log.warn("authorization not possible, directory unavailable: protocol={} source={}",
                        context.protocol(), context.source().getHostAddress(), e);
                return new Failure(AuthFailure.TEMPORARY);
            }
            if (!same) {
                throttle.success(login, context.source());
                log.info("authorization refused: protocol={} source={} mechanism={} user={} authzid={}",
                        context.protocol(), context.source().getHostAddress(), mechanism, user.login(),
                        LogText.printable(authzid.get()));
                return new Failure(AuthFailure.NOT_AUTHORIZED);
            }
        }
        return succeeded(login, user);
    }

    /**
     * Whether the throttle refuses an attempt for this account now (from this context's source);
     * when it does, the answer is {@link AuthFailure#THROTTLED} and nothing may be checked.
     */
    public Optional<SaslStep> refusal(String account) {
        if (throttle.allows(account, context.source(), context.protocol())) {
            return Optional.empty();
        }
        return Optional.of(new Failure(AuthFailure.THROTTLED));
    }

    /**
     * The directory could not answer while checking credentials (any mechanism): logged with the
     * cause, answered {@link AuthFailure#TEMPORARY}, and not counted as a failure of the account.
     */
    public SaslStep directoryUnavailable(RuntimeException e) {
        log.warn("authentication not possible, directory unavailable: protocol={} source={} mechanism={}",
                context.protocol(), context.source().getHostAddress(), mechanism, e);
        return new Failure(AuthFailure.TEMPORARY);
    }

    /** Wrong credentials for this account: counted, delayed as the throttle says, then answered. */
    public SaslStep failed(String account) {
        throttle.failure(account, context.source(), context.protocol());
        return new Failure(AuthFailure.INVALID_CREDENTIALS);
    }

    /** Right credentials: the throttle forgets this account's failures from this source. */
    public SaslStep succeeded(String account, User user) {
        throttle.success(account, context.source());
        log.info("authenticated: protocol={} source={} mechanism={} user={}",
                context.protocol(), context.source().getHostAddress(), mechanism, user.login());
        return new Success(user);
    }

    /** A server of the organisation proved its {@code host/} principal: the throttle forgets its failures from this source. */
    public SaslStep serverSucceeded(String principal) {
        throttle.success(principal, context.source());
        log.info("authenticated: protocol={} source={} mechanism={} server={}",
                context.protocol(), context.source().getHostAddress(), mechanism, LogText.printable(principal));
        return new SaslStep.PeerServer(principal);
    }

    private boolean names(User user, String authcid, String authzid) {
        String wanted = authzid.toLowerCase(Locale.ROOT);
        if (wanted.equals(authcid.toLowerCase(Locale.ROOT)) || wanted.equals(user.login().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (EmailAddress address : directory.addressesOf(user)) {
            if (address.canonical().equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}

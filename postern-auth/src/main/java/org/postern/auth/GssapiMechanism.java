package org.postern.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.postern.auth.SaslStep.Challenge;
import org.postern.auth.SaslStep.Failure;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL GSSAPI (RFC 4752): Kerberos V5 through the JDK's GSS-API acceptor. The server logs in
 * once from its keytab ({@code Krb5LoginModule}: useKeyTab, storeKey, isInitiator=false,
 * principal {@code *}, so every service principal the keytab holds is served — smtp/, imap/,
 * pop/ for each of the server's host names) and drives one {@link SaslServer} per attempt
 * inside {@link Subject#callAs}. The keytab is read again when it changes on disk.
 *
 * <p>Security layer: only {@code auth} (RFC 4752 section 3.3, no integrity or confidentiality
 * layer). Every mechanism is offered only inside TLS, which already protects the session;
 * curl and most clients accept {@code auth}, and a layer would have to wrap every later byte
 * of SMTP, IMAP and POP3.
 *
 * <p>Principal to user: a principal {@code name@REALM} of an accepted realm, with one
 * component, is the directory user whose address is {@code name@realm-in-lower-case}
 * ({@code alice@EXAMPLE.TEST} → {@code alice@example.test}). Service principals
 * ({@code host/…}) and other realms are not users; where {@link AuthContext#servers()} allows it
 * (SMTP on port 25), a {@code host/} principal of the realm is a server of the organisation
 * and succeeds as {@link SaslStep.PeerServer}. An authorization identity (RFC 4752 section
 * 3.1) must be the principal itself or one of the user's own addresses, as for PLAIN.
 *
 * <p>Failures: a ticket that does not verify (wrong key, forged, expired, replayed), a
 * malformed token, or a principal that is no user is counted by the one throttle through
 * {@link CredentialCheck} (under the account {@code (gssapi)} until the principal is known) and
 * answered {@link AuthFailure#INVALID_CREDENTIALS}; a first token that is not a GSS-API
 * InitialContextToken (RFC 2743 section 3.1, tag {@code 0x60}) is {@link AuthFailure#MALFORMED};
 * a keytab that cannot be read is {@link AuthFailure#TEMPORARY}.
 */
public final class GssapiMechanism implements MechanismFactory {

    public static final String NAME = "GSSAPI";
    /** The throttle's account for an attempt whose principal is not known. */
    static final String UNKNOWN_ACCOUNT = "(gssapi)";

    private static final Logger log = LoggerFactory.getLogger(GssapiMechanism.class);

    private final KeytabLogin login;
    private final Set<String> realms;

    /**
     * @param keytab the server's keytab
     * @param realms the realms whose user principals map to directory users (upper case)
     */
    public GssapiMechanism(Path keytab, Set<String> realms) {
        this.login = KeytabLogin.acceptor(keytab);
        this.realms = Set.copyOf(realms);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SaslExchange newExchange(CredentialCheck check) {
        return new Exchange(check);
    }

    /** The principal's user address, when it names a user of an accepted realm. */
    Optional<String> userAddress(String principal) {
        int at = principal.lastIndexOf('@');
        if (at <= 0 || !realms.contains(principal.substring(at + 1))) {
            return Optional.empty();
        }
        String primary = principal.substring(0, at);
        if (primary.contains("/") || primary.contains("@")) {
            return Optional.empty();
        }
        return Optional.of(primary + "@" + principal.substring(at + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Whether a principal is a server of the organisation: {@code host/<name>@REALM} of an
     * accepted realm, two components, the first {@code host} (the principal a hub authenticates
     * with towards its peers, as Active Directory's computer accounts do).
     */
    boolean isServer(String principal) {
        int at = principal.lastIndexOf('@');
        if (at <= 0 || !realms.contains(principal.substring(at + 1))) {
            return false;
        }
        String[] components = principal.substring(0, at).split("/", -1);
        return components.length == 2 && components[0].equals("host") && !components[1].isEmpty()
                && !components[1].contains("@");
    }

    /**
     * The Kerberos service name (RFC 4752 section 3.1, the GSS host-based service) a protocol's
     * tickets are for: {@code smtp} for SMTP and submission (RFC 4954), {@code imap} (RFC 3501),
     * {@code pop} (RFC 5034). The JDK's acceptor refuses a ticket for another service, so an
     * IMAP ticket does not open an SMTP session.
     */
    static String serviceName(String protocol) {
        String p = protocol.toLowerCase(Locale.ROOT);
        if (p.startsWith("smtp") || p.startsWith("submission") || p.equals("lmtp")) {
            return "smtp";
        }
        if (p.startsWith("imap")) {
            return "imap";
        }
        if (p.startsWith("pop")) {
            return "pop";
        }
        return p;
    }

    /** Why the JDK refused a token, for one log line: its message and its cause's, controls replaced, bounded. */
    static String reason(Exception e) {
        String text = e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
        StringBuilder b = new StringBuilder(Math.min(text.length(), 240));
        for (int i = 0; i < text.length() && i < 240; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }

    /** One attempt. */
    private final class Exchange implements SaslExchange {
        private final CredentialCheck check;
        private Subject acceptor;
        private SaslServer server;
        private String authenticationId;
        private String authorizationId;
        private boolean started;
        private boolean tokenSeen;
        private boolean done;

        Exchange(CredentialCheck check) {
            this.check = check;
        }

        @Override
        public String mechanism() {
            return NAME;
        }

        @Override
        public SaslStep start(Optional<byte[]> initialResponse) {
            Objects.requireNonNull(initialResponse, "initialResponse");
            if (started) {
                throw new IllegalStateException("GSSAPI exchange already started");
            }
            started = true;
            Optional<SaslStep> refused = check.refusal(UNKNOWN_ACCOUNT);
            if (refused.isPresent()) {
                return end(refused.get());
            }
            try {
                acceptor = login.subject();
                server = login.callAs(acceptor, () -> Sasl.createSaslServer(NAME, serviceName(check.context().protocol()), null,
                        Map.of(Sasl.QOP, "auth"), callbacks -> handle(callbacks)));
            } catch (LoginException | IOException | RuntimeException e) {
                log.warn("GSSAPI not possible, the keytab {} cannot be used: {}", login.keytab(), e.toString());
                return end(new Failure(AuthFailure.TEMPORARY));
            }
            if (initialResponse.isEmpty() || initialResponse.get().length == 0) {
                return new Challenge(new byte[0]); // RFC 4752 section 3.1: the client speaks first
            }
            return evaluate(initialResponse.get());
        }

        @Override
        public SaslStep step(byte[] response) {
            Objects.requireNonNull(response, "response");
            if (!started || done) {
                throw new IllegalStateException("GSSAPI exchange is not running");
            }
            return evaluate(response);
        }

        @Override
        public SaslStep cancel() {
            return end(new Failure(AuthFailure.CANCELLED));
        }

        /** The client's first token is checked for the InitialContextToken tag whether it came as an initial response or after the empty challenge. */
        private SaslStep evaluate(byte[] response) {
            boolean first = !tokenSeen;
            tokenSeen = true;
            if (first && (response.length == 0 || (response[0] & 0xff) != 0x60)) {
                return end(new Failure(AuthFailure.MALFORMED));
            }
            byte[] challenge;
            try {
                challenge = login.callAs(acceptor, () -> server.evaluateResponse(response));
            } catch (SaslException | RuntimeException e) {
                log.info("GSSAPI token refused: protocol={} source={}: {}", check.context().protocol(),
                        check.context().source().getHostAddress(), reason(e));
                return end(check.failed(authenticationId == null ? UNKNOWN_ACCOUNT : authenticationId));
            }
            if (!server.isComplete()) {
                return new Challenge(challenge == null ? new byte[0] : challenge);
            }
            return end(authorize());
        }

        private SaslStep authorize() {
            String principal = authenticationId;
            Optional<String> address = principal == null ? Optional.empty() : userAddress(principal);
            if (address.isEmpty() && principal != null && check.context().servers() && isServer(principal)) {
                Optional<SaslStep> refused = check.refusal(principal);
                return refused.orElseGet(() -> check.serverSucceeded(principal));
            }
            if (address.isEmpty()) {
                log.info("GSSAPI principal is no user: protocol={} source={} principal={}", check.context().protocol(),
                        check.context().source().getHostAddress(), LogText.printable(String.valueOf(principal)));
                return check.failed(principal == null ? UNKNOWN_ACCOUNT : principal);
            }
            Optional<SaslStep> refused = check.refusal(address.get());
            if (refused.isPresent()) {
                return refused.get();
            }
            Optional<User> user;
            try {
                user = check.directory().findUser(EmailAddress.parse(address.get()));
            } catch (IllegalArgumentException e) {
                return check.failed(address.get());
            } catch (RuntimeException e) {
                return check.directoryUnavailable(e);
            }
            if (user.isEmpty()) {
                return check.failed(address.get());
            }
            if (authorizationId != null && !authorizationId.isEmpty() && !authorizationId.equals(principal)
                    && !names(user.get(), authorizationId)) {
                log.info("authorization refused: protocol={} source={} mechanism=GSSAPI user={} authzid={}",
                        check.context().protocol(), check.context().source().getHostAddress(), user.get().login(),
                        LogText.printable(authorizationId));
                return new Failure(AuthFailure.NOT_AUTHORIZED);
            }
            return check.succeeded(address.get(), user.get());
        }

        private boolean names(User user, String authzid) {
            String wanted = authzid.toLowerCase(Locale.ROOT);
            if (wanted.equals(user.login().toLowerCase(Locale.ROOT))) {
                return true;
            }
            List<EmailAddress> addresses = check.directory().addressesOf(user);
            return addresses.stream().anyMatch(a -> a.canonical().equals(wanted));
        }

        /** The JDK asks whether the principal may act as the authorization id: recorded, decided in {@link #authorize}. */
        private void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            for (Callback c : callbacks) {
                if (c instanceof AuthorizeCallback a) {
                    authenticationId = a.getAuthenticationID();
                    authorizationId = a.getAuthorizationID();
                    a.setAuthorized(true);
                    a.setAuthorizedID(a.getAuthorizationID());
                } else {
                    throw new UnsupportedCallbackException(c);
                }
            }
        }

        private SaslStep end(SaslStep step) {
            done = true;
            if (server != null) {
                try {
                    server.dispose();
                } catch (SaslException e) {
                    // nothing held that matters
                }
            }
            return step;
        }
    }
}

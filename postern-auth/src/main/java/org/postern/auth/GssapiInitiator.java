package org.postern.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.LoginException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;

/**
 * The client side of SASL GSSAPI (RFC 4752 section 3.1): this server authenticating to another
 * server of the organisation — a hub to a peer hub, a hub to a mailbox server — as its own
 * {@code host/} principal, with the key from its keytab. The JDK's {@code Krb5LoginModule}
 * (useKeyTab, storeKey, isInitiator) gets the principal's ticket-granting ticket, again when the
 * keytab changes or the ticket is within {@link #RENEW_BEFORE} of its end; each exchange is one
 * {@link SaslClient} created and driven inside {@link Subject#callAs}, asking for a service ticket
 * of {@code service/host}.
 *
 * <p>Security layer: {@code auth} only, as the acceptor offers ({@link GssapiMechanism}); the
 * connection is under TLS before AUTH is sent.
 */
public final class GssapiInitiator {

    /** A ticket-granting ticket this close to its end is replaced before the next exchange. */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(10);

    private final String principal;
    private final KeytabLogin login;

    /**
     * @param keytab    the keytab holding the principal's key
     * @param principal this server's principal, {@code host/<hostname>@REALM}
     */
    public GssapiInitiator(Path keytab, String principal) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.login = KeytabLogin.initiator(keytab, principal, GssapiInitiator::endsSoon);
    }

    public String principal() {
        return principal;
    }

    /**
     * Starts one exchange with a server.
     *
     * @param service    the server's Kerberos service ({@code smtp} for SMTP and LMTP)
     * @param serverHost the server's host name, as its service principal names it
     * @throws SaslException when no ticket can be had (keytab unreadable, KDC unreachable, no such principal)
     */
    public Exchange start(String service, String serverHost) throws SaslException {
        Subject s;
        try {
            s = login.subject();
        } catch (LoginException | IOException e) {
            throw new SaslException("cannot log in as " + principal + " from " + login.keytab() + ": " + e.getMessage(), e);
        }
        SaslClient client = login.callAs(s, () -> Sasl.createSaslClient(new String[] {GssapiMechanism.NAME}, null, service,
                serverHost, Map.of(Sasl.QOP, "auth"), null));
        if (client == null) {
            throw new SaslException("the JDK has no GSSAPI SASL client");
        }
        return new Exchange(login, s, client);
    }

    private static boolean endsSoon(Subject s) {
        Instant limit = Instant.now().plus(RENEW_BEFORE);
        return s.getPrivateCredentials(KerberosTicket.class).stream()
                .noneMatch(t -> t.getEndTime() != null && t.getEndTime().toInstant().isAfter(limit));
    }

    /** One authentication: the initial response, then one response per server challenge until complete. */
    public static final class Exchange implements AutoCloseable {
        private final KeytabLogin login;
        private final Subject subject;
        private final SaslClient client;

        private Exchange(KeytabLogin login, Subject subject, SaslClient client) {
            this.login = login;
            this.subject = subject;
            this.client = client;
        }

        /** The first token (the Kerberos AP-REQ), sent with AUTH or after its empty challenge. */
        public byte[] initialResponse() throws SaslException {
            return login.callAs(subject, () -> client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0]);
        }

        /** The response to a server challenge. */
        public byte[] evaluate(byte[] challenge) throws SaslException {
            Objects.requireNonNull(challenge, "challenge");
            return login.callAs(subject, () -> client.evaluateChallenge(challenge));
        }

        /** Whether the client side has finished (the security layer is agreed). */
        public boolean isComplete() {
            return client.isComplete();
        }

        @Override
        public void close() {
            try {
                client.dispose();
            } catch (SaslException e) {
                // nothing held that matters
            }
        }
    }
}

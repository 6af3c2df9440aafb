package org.postern.auth;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivilegedActionException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger log = LoggerFactory.getLogger(GssapiInitiator.class);

    private final Path keytab;
    private final String principal;
    private Subject subject;
    private long loggedInKeytabModified = -1;

    /**
     * @param keytab    the keytab holding the principal's key
     * @param principal this server's principal, {@code host/<hostname>@REALM}
     */
    public GssapiInitiator(Path keytab, String principal) {
        this.keytab = Objects.requireNonNull(keytab, "keytab");
        this.principal = Objects.requireNonNull(principal, "principal");
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
            s = subject();
        } catch (LoginException | IOException e) {
            throw new SaslException("cannot log in as " + principal + " from " + keytab + ": " + e.getMessage(), e);
        }
        SaslClient client = as(s, () -> Sasl.createSaslClient(new String[] {GssapiMechanism.NAME}, null, service,
                serverHost, Map.of(Sasl.QOP, "auth"), null));
        if (client == null) {
            throw new SaslException("the JDK has no GSSAPI SASL client");
        }
        return new Exchange(s, client);
    }

    /** The subject with the principal's ticket-granting ticket, logged in again when the keytab changed or the ticket ends soon. */
    private synchronized Subject subject() throws LoginException, IOException {
        long modified = Files.getLastModifiedTime(keytab).toMillis();
        if (subject == null || modified != loggedInKeytabModified || endsSoon(subject)) {
            Map<String, String> options = new HashMap<>();
            options.put("useKeyTab", "true");
            options.put("keyTab", keytab.toString());
            options.put("principal", principal);
            options.put("storeKey", "true");
            options.put("isInitiator", "true");
            options.put("doNotPrompt", "true");
            options.put("refreshKrb5Config", "true");
            Configuration configuration = new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry(
                            "com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options)};
                }
            };
            Subject s = new Subject();
            new LoginContext("postern-gssapi-initiator", s, null, configuration).login();
            subject = s;
            loggedInKeytabModified = modified;
            log.info("GSSAPI initiator logged in as {} from {}", principal, keytab);
        }
        return subject;
    }

    private static boolean endsSoon(Subject s) {
        Instant limit = Instant.now().plus(RENEW_BEFORE);
        return s.getPrivateCredentials(KerberosTicket.class).stream()
                .noneMatch(t -> t.getEndTime() != null && t.getEndTime().toInstant().isAfter(limit));
    }

    private static <T> T as(Subject subject, Callable<T> action) throws SaslException {
        try {
            return Subject.callAs(subject, action);
        } catch (CompletionException e) {
            Throwable cause = e.getCause() instanceof PrivilegedActionException p ? p.getCause() : e.getCause();
            if (cause instanceof SaslException s) {
                throw s;
            }
            throw new SaslException("GSSAPI initiator failed", cause);
        }
    }

    /** One authentication: the initial response, then one response per server challenge until complete. */
    public static final class Exchange implements AutoCloseable {
        private final Subject subject;
        private final SaslClient client;

        private Exchange(Subject subject, SaslClient client) {
            this.subject = subject;
            this.client = client;
        }

        /** The first token (the Kerberos AP-REQ), sent with AUTH or after its empty challenge. */
        public byte[] initialResponse() throws SaslException {
            return as(subject, () -> client.hasInitialResponse() ? client.evaluateChallenge(new byte[0]) : new byte[0]);
        }

        /** The response to a server challenge. */
        public byte[] evaluate(byte[] challenge) throws SaslException {
            Objects.requireNonNull(challenge, "challenge");
            return as(subject, () -> client.evaluateChallenge(challenge));
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

package org.postern.kerberos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.AuthThrottle;
import org.postern.auth.AuthThrottleSettings;
import org.postern.auth.Authenticator;
import org.postern.auth.DirectoryAuthenticator;
import org.postern.auth.GssapiInitiator;
import org.postern.auth.GssapiMechanism;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.auth.testing.FakeDirectory;
import org.postern.core.address.EmailAddress;

/**
 * The GSSAPI mechanism of postern-auth against the embedded KDC, with the JDK's own GSS-API
 * as the client (RFC 4752): success and the principal-to-user mapping, an authorization id
 * that names another user, a ticket for another service, a principal that is no user, a
 * malformed first token, a keytab that is missing, and the throttle after forged tokens.
 */
class GssapiAcceptorTest {

    private static final String HOST = "mail.example.test";
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @TempDir
    static Path tmp;

    static EmbeddedKdc kdc;
    static KdcDatabase db;

    @BeforeAll
    static void startKdc() throws Exception {
        db = KdcDatabase.openOrCreate(tmp.resolve("data"), "example.test");
        db.ensureServices(List.of(HOST));
        db.setPassword(EmailAddress.parse("alice@example.test"), "alice pw".toCharArray());
        db.setPassword(EmailAddress.parse("carol@example.test"), "carol pw".toCharArray()); // a principal, no user
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        kdc = EmbeddedKdc.start(db, "127.0.0.1", port);
        Path conf = tmp.resolve("krb5.conf");
        Files.writeString(conf, ClientConfig.krb5Conf(db.realm(), "127.0.0.1", port));
        System.setProperty("java.security.krb5.conf", conf.toString());
    }

    @AfterAll
    static void stopKdc() {
        kdc.close();
    }

    /** A directory of one user, alice@example.test. */
    static FakeDirectory aliceOnly() {
        FakeDirectory directory = new FakeDirectory();
        directory.add("alice@example.test", "unused: GSSAPI checks no password");
        return directory;
    }

    private static Authenticator authenticator(Path keytab, AuthThrottleSettings settings) {
        return new DirectoryAuthenticator(aliceOnly(), new AuthThrottle(settings),
                List.of(new GssapiMechanism(keytab, Set.of("EXAMPLE.TEST"))));
    }

    private static Subject login(String principal, String password) throws Exception {
        Configuration config = new Configuration() {
            @Override
            public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                        Map.of("refreshKrb5Config", "true", "useTicketCache", "false", "storeKey", "false"))};
            }
        };
        Subject subject = new Subject();
        new LoginContext("client", subject, callbacks -> {
            for (var c : callbacks) {
                if (c instanceof NameCallback n) {
                    n.setName(principal);
                } else if (c instanceof PasswordCallback p) {
                    p.setPassword(password.toCharArray());
                }
            }
        }, config).login();
        return subject;
    }

    /** Runs an exchange with the JDK's GSSAPI client for {@code service@HOST}, as this subject. */
    private static SaslStep exchange(Authenticator auth, String protocol, Subject client, String service, String authzid)
            throws Exception {
        SaslClient sasl = Subject.callAs(client, () -> Sasl.createSaslClient(new String[] {"GSSAPI"}, authzid, service, HOST,
                Map.of(Sasl.QOP, "auth"), null));
        SaslExchange exchange = auth.begin("GSSAPI", new AuthContext(protocol, CLIENT, true)).orElseThrow();
        byte[] first = Subject.callAs(client, () -> sasl.evaluateChallenge(new byte[0]));
        SaslStep step = exchange.start(Optional.of(first));
        while (step instanceof SaslStep.Challenge c) {
            byte[] response = Subject.callAs(client, () -> sasl.isComplete() ? new byte[0] : sasl.evaluateChallenge(c.data()));
            step = exchange.step(response);
        }
        return step;
    }

    @Test
    void aliceAuthenticatesAsTheDirectoryUserOfHerPrincipal() throws Exception {
        Authenticator auth = authenticator(db.keytab(), AuthThrottleSettings.DEFAULTS);
        assertThat(auth.mechanisms(new AuthContext("submission", CLIENT, true))).containsExactly("GSSAPI");
        assertThat(auth.mechanisms(new AuthContext("submission", CLIENT, false))).isEmpty();
        Subject alice = login("alice@EXAMPLE.TEST", "alice pw");
        SaslStep step = exchange(auth, "submission", alice, "smtp", null);
        assertThat(step).isInstanceOfSatisfying(SaslStep.Success.class,
                s -> assertThat(s.user().address().toString()).isEqualTo("alice@example.test"));
        assertThat(exchange(auth, "imap", alice, "imap", "alice@example.test")).isInstanceOf(SaslStep.Success.class);
        assertThat(exchange(auth, "pop3", alice, "pop", null)).isInstanceOf(SaslStep.Success.class);
    }

    @Test
    void anotherUsersAuthzidAnotherServicesTicketAndAPrincipalThatIsNoUserAreRefused() throws Exception {
        Authenticator auth = authenticator(db.keytab(), AuthThrottleSettings.DEFAULTS);
        Subject alice = login("alice@EXAMPLE.TEST", "alice pw");
        assertThat(exchange(auth, "submission", alice, "smtp", "bob@example.test"))
                .isEqualTo(new SaslStep.Failure(AuthFailure.NOT_AUTHORIZED));
        assertThat(exchange(auth, "submission", alice, "imap", null))
                .isEqualTo(new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS));
        Subject carol = login("carol@EXAMPLE.TEST", "carol pw");
        assertThat(exchange(auth, "submission", carol, "smtp", null))
                .isEqualTo(new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS));
    }

    /** Drives the acceptor with the initiator this server uses towards its peers ({@link GssapiInitiator}). */
    private static SaslStep serverExchange(Authenticator auth, AuthContext context, GssapiInitiator initiator) throws Exception {
        try (GssapiInitiator.Exchange client = initiator.start("smtp", HOST)) {
            SaslExchange exchange = auth.begin("GSSAPI", context).orElseThrow();
            SaslStep step = exchange.start(Optional.of(client.initialResponse()));
            while (step instanceof SaslStep.Challenge c) {
                step = exchange.step(client.isComplete() ? new byte[0] : client.evaluate(c.data()));
            }
            return step;
        }
    }

    @Test
    void aHostPrincipalFromTheKeytabIsAServerOfTheOrganisationOnlyWhereServersAreAccepted() throws Exception {
        Authenticator auth = authenticator(db.keytab(), AuthThrottleSettings.DEFAULTS);
        GssapiInitiator hub = new GssapiInitiator(db.keytab(), "host/" + HOST + "@EXAMPLE.TEST");
        assertThat(serverExchange(auth, new AuthContext("SMTP", CLIENT, true, true), hub))
                .isEqualTo(new SaslStep.PeerServer("host/" + HOST + "@EXAMPLE.TEST"));
        assertThat(serverExchange(auth, new AuthContext("submission", CLIENT, true), hub))
                .isEqualTo(new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS));
        // a user principal stays a user where servers are accepted
        Subject alice = login("alice@EXAMPLE.TEST", "alice pw");
        assertThat(exchange(auth, "SMTP", alice, "smtp", null)).isInstanceOf(SaslStep.Success.class);
        // an initiator whose principal is not in the keytab cannot even start
        GssapiInitiator stranger = new GssapiInitiator(db.keytab(), "host/other.example.test@EXAMPLE.TEST");
        assertThatThrownBy(() -> stranger.start("smtp", HOST))
                .isInstanceOf(SaslException.class);
    }

    @Test
    void malformedTokensAMissingKeytabAndForgedTokensUntilTheThrottleRefuses() throws Exception {
        AuthThrottleSettings quick = new AuthThrottleSettings(2, 3, 5, 30, 20, Duration.ZERO, Duration.ZERO,
                Duration.ofMinutes(15), Duration.ofMinutes(10), 1000, 64);
        Authenticator auth = authenticator(db.keytab(), quick);
        AuthContext ctx = new AuthContext("submission", CLIENT, true);
        assertThat(auth.begin("GSSAPI", ctx).orElseThrow().start(Optional.of("hello".getBytes())))
                .isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
        // the first token after the empty challenge is held to the same tag; neither is counted (no throttle below)
        for (byte[] notAToken : List.of("hello".getBytes(), new byte[0])) {
            SaslExchange continued = auth.begin("GSSAPI", ctx).orElseThrow();
            assertThat(continued.start(Optional.empty())).isInstanceOf(SaslStep.Challenge.class);
            assertThat(continued.step(notAToken)).isEqualTo(new SaslStep.Failure(AuthFailure.MALFORMED));
        }
        assertThat(authenticator(tmp.resolve("no-such.keytab"), quick).begin("GSSAPI", ctx).orElseThrow()
                .start(Optional.empty())).isEqualTo(new SaslStep.Failure(AuthFailure.TEMPORARY));
        byte[] forged = new byte[300];
        forged[0] = 0x60;
        forged[1] = (byte) 0x82;
        forged[2] = 0x01;
        forged[3] = 0x28;
        for (int i = 0; i < 3; i++) {
            assertThat(auth.begin("GSSAPI", ctx).orElseThrow().start(Optional.of(forged)))
                    .isEqualTo(new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS));
        }
        assertThat(auth.begin("GSSAPI", ctx).orElseThrow().start(Optional.of(forged)))
                .isEqualTo(new SaslStep.Failure(AuthFailure.THROTTLED));
    }
}

package org.postern.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import org.apache.kerby.kerberos.kerb.server.KdcConfigKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.AuthThrottle;
import org.postern.auth.AuthThrottleSettings;
import org.postern.auth.DirectoryAuthenticator;
import org.postern.auth.GssapiMechanism;
import org.postern.auth.SaslStep;
import org.postern.core.address.EmailAddress;

/**
 * A token presented after its ticket ended (RFC 4120 section 3.2.3): a KDC that issues tickets
 * of eight seconds, a client token made while the ticket was valid and presented once the
 * ticket's end (as the ticket itself gives it) and the one second of allowed clock skew are
 * past. Eight seconds leave a busy machine time to get the service ticket before its TGT ends;
 * the wait is measured from the ticket, not guessed. The JDK refuses it (it reports the authenticator's
 * age, "Clock skew too great", which it checks before the ticket's end time; a client cannot
 * make a fresh authenticator for an ended ticket); the answer is INVALID_CREDENTIALS, as for
 * any token that does not verify.
 */
class GssapiExpiredTicketTest {

    private static final String HOST = "mail.example.test";

    @TempDir
    Path tmp;

    @Test
    void aTokenPresentedAfterItsTicketEndedIsRefused() throws Exception {
        KdcDatabase db = KdcDatabase.openOrCreate(tmp.resolve("data"), "example.test");
        db.ensureServices(List.of(HOST));
        db.setPassword(EmailAddress.parse("alice@example.test"), "alice pw".toCharArray());
        db.kdcConfig().setLong(KdcConfigKey.MAXIMUM_TICKET_LIFETIME, 8L);
        db.kdcConfig().setLong(KdcConfigKey.MINIMUM_TICKET_LIFETIME, 1L);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (EmbeddedKdc kdc = EmbeddedKdc.start(db, "127.0.0.1", port)) {
            assertThat(kdc.port()).isEqualTo(port);
            Path conf = tmp.resolve("krb5.conf");
            Files.writeString(conf, ClientConfig.krb5Conf(db.realm(), "127.0.0.1", port)
                    .replace("[libdefaults]\n", "[libdefaults]\n    clockskew = 1\n"));
            System.setProperty("java.security.krb5.conf", conf.toString());
            Configuration config = new Configuration() {
                @Override
                public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
                    return new AppConfigurationEntry[] {new AppConfigurationEntry("com.sun.security.auth.module.Krb5LoginModule",
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                            Map.of("refreshKrb5Config", "true", "useTicketCache", "false"))};
                }
            };
            Subject alice = new Subject();
            new LoginContext("client", alice, callbacks -> {
                for (var c : callbacks) {
                    if (c instanceof NameCallback n) {
                        n.setName("alice@EXAMPLE.TEST");
                    } else if (c instanceof PasswordCallback p) {
                        p.setPassword("alice pw".toCharArray());
                    }
                }
            }, config).login();
            SaslClient client = Subject.callAs(alice, () -> Sasl.createSaslClient(new String[] {"GSSAPI"}, null, "smtp", HOST,
                    Map.of(Sasl.QOP, "auth"), null));
            byte[] token = Subject.callAs(alice, () -> client.evaluateChallenge(new byte[0]));
            // Until every ticket alice holds (the TGT, and the service ticket within it) has ended, skew included.
            Instant ended = alice.getPrivateCredentials(KerberosTicket.class).stream().map(t -> t.getEndTime().toInstant())
                    .max(Comparator.naturalOrder()).orElseThrow().plusMillis(1_500);
            for (Instant now = Instant.now(); now.isBefore(ended); now = Instant.now()) {
                Thread.sleep(Duration.between(now, ended).toMillis() + 1);
            }
            var auth = new DirectoryAuthenticator(GssapiAcceptorTest.aliceOnly(), new AuthThrottle(AuthThrottleSettings.DEFAULTS),
                    List.of(new GssapiMechanism(db.keytab(), Set.of("EXAMPLE.TEST"))));
            SaslStep step = auth.begin("GSSAPI", new AuthContext("submission", InetAddress.getLoopbackAddress(), true))
                    .orElseThrow().start(Optional.of(token));
            assertThat(step).isEqualTo(new SaslStep.Failure(AuthFailure.INVALID_CREDENTIALS));
        }
    }
}

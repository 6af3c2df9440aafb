package org.postern.kerberos;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;

/**
 * The embedded KDC against MIT Kerberos's own clients (Debian krb5-user): kinit with a user's
 * password, a password changed while the KDC runs, a removed user, and a keytab that holds
 * only the service keys (klist -k).
 */
class EmbeddedKdcTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out) {
    }

    private Run run(Map<String, String> env, String stdin, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void mitKinitGetsATicketWithTheUsersPasswordAndTheKeytabHoldsOnlyServices() throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/kinit"))).as("krb5-user is installed (.ci/run installs it); this test fails without it").isTrue();
        Path data = tmp.resolve("data");
        KdcDatabase db = KdcDatabase.openOrCreate(data, "example.test");
        assertThat(db.realm().name()).isEqualTo("EXAMPLE.TEST");
        db.ensureServices(List.of("mail.example.test"));
        assertThat(db.setPassword(EmailAddress.parse("alice@example.test"), "s3cret pass".toCharArray()))
                .contains("alice@EXAMPLE.TEST");
        assertThat(db.setPassword(EmailAddress.parse("bob@other.test"), "x".toCharArray())).isEmpty();
        int port = freePort();
        try (EmbeddedKdc kdc = EmbeddedKdc.start(db, "127.0.0.1", port)) {
            assertThat(kdc.port()).isEqualTo(port);
            Path conf = tmp.resolve("krb5.conf");
            Files.writeString(conf, ClientConfig.krb5Conf(db.realm(), "127.0.0.1", port));
            Map<String, String> env = Map.of("KRB5_CONFIG", conf.toString(), "KRB5CCNAME", "FILE:" + tmp.resolve("cc"));
            Run ok = run(env, "s3cret pass\n", "kinit", "alice@EXAMPLE.TEST");
            assertThat(ok.exit()).as(ok.out()).isZero();
            Run list = run(env, "", "klist");
            assertThat(list.out()).contains("alice@EXAMPLE.TEST").contains("krbtgt/EXAMPLE.TEST@EXAMPLE.TEST");
            Run svc = run(env, "", "kvno", "smtp/mail.example.test@EXAMPLE.TEST");
            assertThat(svc.exit()).as(svc.out()).isZero();

            Run wrong = run(env, "wrong\n", "kinit", "alice@EXAMPLE.TEST");
            assertThat(wrong.exit()).isNotZero();

            // changed by another opener of the same folder (the command line) while the KDC runs
            KdcDatabase cli = KdcDatabase.open(data).orElseThrow();
            cli.setPassword(EmailAddress.parse("alice@example.test"), "new pass".toCharArray());
            assertThat(run(env, "s3cret pass\n", "kinit", "alice@EXAMPLE.TEST").exit()).isNotZero();
            assertThat(run(env, "new pass\n", "kinit", "alice@EXAMPLE.TEST").exit()).isZero();
            cli.remove(EmailAddress.parse("alice@example.test"));
            Run gone = run(env, "new pass\n", "kinit", "alice@EXAMPLE.TEST");
            assertThat(gone.exit()).isNotZero();
            assertThat(gone.out()).containsIgnoringCase("not found");

            Run keytab = run(env, "", "klist", "-k", "-e", db.keytab().toString());
            assertThat(keytab.out()).contains("smtp/mail.example.test@EXAMPLE.TEST", "imap/mail.example.test@EXAMPLE.TEST",
                    "pop/mail.example.test@EXAMPLE.TEST", "host/mail.example.test@EXAMPLE.TEST", "HTTP/mail.example.test@EXAMPLE.TEST")
                    .contains("aes256-cts-hmac-sha1-96")
                    .doesNotContain("krbtgt").doesNotContain("alice").doesNotContain("kadmin");
        }
        // the realm stays what it was made with
        assertThat(KdcDatabase.openOrCreate(data, "aaa.test").realm().name()).isEqualTo("EXAMPLE.TEST");
    }
}

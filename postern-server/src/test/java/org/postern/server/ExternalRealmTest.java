package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * An external realm (issue 5, "External"): a private MIT Kerberos realm (Debian krb5-kdc and
 * kadmin.local) serves the tickets, {@code postern.yaml} names the realm, its KDC and the keytab
 * {@code kadmin.local ktadd} exported, and {@code postern run} starts no KDC of its own. MIT's
 * {@code kinit} gets alice's ticket from the MIT KDC, and curl signs in with SASL GSSAPI over
 * IMAPS and SMTP submission (STARTTLS).
 */
class ExternalRealmTest {

    private static final String HOST = "mail.example.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static MitKdc kdc;
    static RunningServer server;
    static String data;
    static int offset;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("kinit");
        ExternalTool.require("curl");
        kdc = MitKdc.start(tmp.resolve("mit"), "EXAMPLE.TEST");
        kdc.addUser("alice", "alice-mit-pw");

        data = tmp.resolve("data").toString();
        offset = FreePorts.offset();
        KerberosFolders.externalRealm(data, HOST, kdc, tmp.resolve("postern.keytab"));
        server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset));
    }

    @AfterAll
    static void stop() throws Exception {
        RunningServer.stopAll(server, kdc);
    }

    private static ExternalTool.Result tool(String stdin, String... command) throws Exception {
        return ExternalTool.run(List.of(command), stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT, kdc.clientEnv());
    }

    private static String resolve(int base) {
        return HOST + ":" + (base + offset) + ":127.0.0.1";
    }

    @Test
    void noEmbeddedKdcStartsAndTheMitTicketsOpenImapAndSubmission() throws Exception {
        assertThat(server.output()).doesNotContain("Kerberos KDC");
        assertThat(Path.of(data, "kdc")).doesNotExist();
        assertThat(Path.of(data, "krb5.keytab")).doesNotExist();

        ExternalTool.Result kinit = tool("alice-mit-pw\n", "kinit", "alice@EXAMPLE.TEST");
        assertThat(kinit.exit()).as("%s", kinit).isZero();

        ExternalTool.Result imap = tool("", "curl", "-sS", "-v", "--resolve", resolve(993),
                "imaps://" + HOST + ":" + (993 + offset) + "/INBOX", "-k", "--login-options", "AUTH=GSSAPI", "-u", ":",
                "-X", "EXAMINE INBOX");
        assertThat(imap.exit()).as("%s", imap).isZero();
        assertThat(imap.err()).contains("AUTHENTICATE GSSAPI").contains("OK [READ-ONLY]");

        Path message = Files.writeString(tmp.resolve("m.eml"),
                "From: <alice@example.test>\r\nTo: <alice@example.test>\r\nSubject: mit\r\n\r\nsent with an MIT ticket\r\n");
        ExternalTool.Result smtp = tool("", "curl", "-sS", "-v", "--resolve", resolve(587),
                "smtp://" + HOST + ":" + (587 + offset), "--ssl-reqd", "-k", "--login-options", "AUTH=GSSAPI", "-u", ":",
                "--mail-from", "alice@example.test", "--mail-rcpt", "alice@example.test", "-T", message.toString());
        assertThat(smtp.exit()).as("%s", smtp).isZero();
        assertThat(smtp.err()).contains("> AUTH GSSAPI").contains("< 235 2.7.0").contains("250 2.0.0 Ok: queued as ");

        // the service tickets came from the MIT KDC, for the principals of the keytab it exported
        assertThat(tool("", "klist").out()).contains("imap/" + HOST + "@EXAMPLE.TEST").contains("smtp/" + HOST + "@EXAMPLE.TEST");
        assertThat(kdc.log()).contains("alice@EXAMPLE.TEST for imap/" + HOST + "@EXAMPLE.TEST")
                .contains("alice@EXAMPLE.TEST for smtp/" + HOST + "@EXAMPLE.TEST");
    }

    @Test
    void clientConfigNamesTheExternalKdc() {
        Result conf = PosternProcess.call(null, "kerberos", "client-config", "--data", data);
        assertThat(conf.exitStatus()).as("%s", conf).isZero();
        assertThat(conf.out()).contains("default_realm = EXAMPLE.TEST").contains("kdc = " + kdc.kdc());
    }
}

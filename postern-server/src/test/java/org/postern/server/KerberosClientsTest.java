package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * Kerberos end to end against {@code postern run}, with MIT Kerberos's own clients (Debian
 * krb5-user) and curl: the realm's krb5.conf from {@code postern kerberos client-config},
 * {@code kinit} with the password given to {@code postern user add} (added while the server
 * runs), then SASL GSSAPI (RFC 4752) over SMTP submission (STARTTLS), POP3S and IMAPS; a changed
 * password takes effect at the running KDC. The attacks on each protocol are
 * {@link GssapiAbuseTest}'s and {@link GssapiExpiredTicketClientsTest}'s.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KerberosClientsTest {

    private static final String HOST = "mail.example.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static RunningServer server;
    static String data;
    static int offset;
    static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("kinit");
        ExternalTool.require("curl");
        data = tmp.resolve("data").toString();
        offset = FreePorts.offset();
        KerberosFolders.exampleTest(data, HOST);
        server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset));
        TestMailboxes.addUser(Path.of(data), "alice@example.test", "alice kerberos pw"); // while the server runs
        env = KerberosFolders.embeddedKdcClients(data, offset, tmp);
        assertThat(Files.readString(Path.of(env.get("KRB5_CONFIG"))))
                .contains("default_realm = EXAMPLE.TEST").contains("kdc = 127.0.0.1:" + (88 + offset));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    private static ExternalTool.Result tool(String stdin, String... command) throws Exception {
        return ExternalTool.run(List.of(command), stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT, env);
    }

    private static String resolve(int base) {
        return HOST + ":" + (base + offset) + ":127.0.0.1";
    }

    @Test
    @Order(1)
    void kinitWithTheUsersPasswordThenGssapiOverSmtpSubmission() throws Exception {
        ExternalTool.Result kinit = tool("alice kerberos pw\n", "kinit", "alice@EXAMPLE.TEST");
        assertThat(kinit.exit()).as("%s", kinit).isZero();
        Path message = tmp.resolve("message.eml");
        Files.writeString(message, "From: <alice@example.test>\r\nTo: <alice@example.test>\r\nSubject: kerberos\r\n\r\nsent with GSSAPI\r\n");
        ExternalTool.Result curl = tool("", "curl", "-sS", "-v", "--resolve", resolve(587), "smtp://" + HOST + ":" + (587 + offset),
                "--ssl-reqd", "-k", "--login-options", "AUTH=GSSAPI", "-u", ":", "--mail-from", "alice@example.test",
                "--mail-rcpt", "alice@example.test", "-T", message.toString());
        assertThat(curl.exit()).as("%s", curl).isZero();
        assertThat(curl.err()).contains("AUTH PLAIN LOGIN GSSAPI").contains("> AUTH GSSAPI").contains("< 235 2.7.0")
                .contains("250 2.0.0 Ok: queued as ");
        assertThat(tool("", "klist").out()).contains("smtp/" + HOST + "@EXAMPLE.TEST");
    }

    @Test
    @Order(2)
    void gssapiOverPop3s() throws Exception {
        ExternalTool.Result curl = tool("", "curl", "-sS", "-v", "--resolve", resolve(995), "pop3s://" + HOST + ":" + (995 + offset) + "/",
                "-k", "--login-options", "AUTH=GSSAPI", "-u", ":");
        assertThat(curl.exit()).as("%s", curl).isZero();
        assertThat(curl.err()).contains("> AUTH GSSAPI").contains("< +OK");
        assertThat(tool("", "klist").out()).contains("pop/" + HOST + "@EXAMPLE.TEST");
    }

    @Test
    @Order(3)
    void gssapiOverImaps() throws Exception {
        ExternalTool.Result curl = tool("", "curl", "-sS", "-v", "--resolve", resolve(993), "imaps://" + HOST + ":" + (993 + offset) + "/INBOX",
                "-k", "--login-options", "AUTH=GSSAPI", "-u", ":", "-X", "EXAMINE INBOX");
        assertThat(curl.exit()).as("%s", curl).isZero();
        assertThat(curl.err()).contains("AUTHENTICATE GSSAPI").contains("OK [READ-ONLY]");
        assertThat(tool("", "klist").out()).contains("imap/" + HOST + "@EXAMPLE.TEST");
    }

    @Test
    @Order(5)
    void theRunningServerDeclaresKerberosOnClientSmtpAndListsItsKdc() {
        assertThat(server.output()).contains("Kerberos KDC (EXAMPLE.TEST) 0.0.0.0:" + (88 + offset) + "/tcp")
                .contains("Kerberos KDC (EXAMPLE.TEST) 0.0.0.0:" + (88 + offset) + "/udp")
                .contains("AUTH PLAIN LOGIN GSSAPI SCRAM-SHA-256 required");
        assertThat(server.output().lines().filter(l -> l.startsWith("End user SMTP client to Hub Transport")))
                .singleElement().satisfies(l -> assertThat(l).contains("plain, kerberos").contains("plain, login, ntlm, kerberos"));
    }

    @Test
    @Order(6)
    void aPasswordChangedWithTheCommandLineCountsAtTheRunningKdc() throws Exception {
        Result passwd = PosternProcess.call("alice new pw\n", "user", "passwd", "alice@example.test", "--password-stdin",
                "--data", data);
        assertThat(passwd.exitStatus()).as("%s", passwd).isZero();
        assertThat(tool("alice kerberos pw\n", "kinit", "alice@EXAMPLE.TEST").exit()).isNotZero();
        ExternalTool.Result kinit = tool("alice new pw\n", "kinit", "alice@EXAMPLE.TEST");
        assertThat(kinit.exit()).as("%s", kinit).isZero();
        ExternalTool.Result curl = tool("", "curl", "-sS", "-v", "--resolve", resolve(995), "pop3s://" + HOST + ":" + (995 + offset) + "/",
                "-k", "--login-options", "AUTH=GSSAPI", "-u", ":");
        assertThat(curl.exit()).as("%s", curl).isZero();
    }
}

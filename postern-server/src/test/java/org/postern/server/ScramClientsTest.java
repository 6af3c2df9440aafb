package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * SASL SCRAM-SHA-256 (RFC 7677) end to end against {@code postern run}, for users added by
 * {@code postern user add} while it runs. GNU SASL's {@code gsasl} (Debian) signs in over IMAP
 * (143, STARTTLS) and SMTP submission (587, STARTTLS), checking the server's signature and the
 * server's certificate; with a wrong password, or as a user who does not exist, it gets the same
 * {@code e=invalid-proof}; before TLS the mechanism is not offered. POP3 (110, STLS) is driven by
 * a client computing RFC 5802's formulas with Python's hashlib and hmac: GS2 headers {@code n}
 * and {@code y} sign in, a forged nonce gets {@code e=other-error} and {@code -ERR [AUTH]}. A
 * user whose password predates verifiers is refused by SCRAM until one sign-in with PLAIN, then
 * accepted (docs/adr/0022-scram.md); {@code postern user passwd} makes a new verifier at once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScramClientsTest {

    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "alice scram pw";
    private static final String LEGACY = "olivia@example.test";
    private static final String LEGACY_PASSWORD = "olivia old pw";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;
    static Path data;
    static int offset;
    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("gsasl");
        ExternalTool.require("python3");
        data = tmp.resolve("data");
        offset = FreePorts.offset();
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data.toString()).exitStatus()).isZero();
        Path yaml = data.resolve(DataFolder.CONFIG_FILE);
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^hostname:.*$", "hostname: mail.example.test"));
        server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
        for (String[] user : new String[][] {{USER, PASSWORD}, {LEGACY, LEGACY_PASSWORD}}) {
            Result add = PosternProcess.call(user[1] + "\n", "user", "add", user[0], "--password-stdin", "--data", data.toString());
            assertThat(add.exitStatus()).as("%s", add).isZero();
        }
        // olivia's password was set before verifiers were kept: the column the V2 migration added is empty
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("directory.db"));
             PreparedStatement s = c.prepareStatement("UPDATE mailbox_user SET scram_sha256 = NULL WHERE login = ?")) {
            s.setString(1, LEGACY);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.stop()).isIn(0, 143);
            assertThat(server.errorsAfterStop()).doesNotContain("Exception")
                    .contains("authenticated: protocol=imap source=127.0.0.1 mechanism=SCRAM-SHA-256 user=" + USER)
                    .contains("authenticated: protocol=submission source=127.0.0.1 mechanism=SCRAM-SHA-256 user=" + USER)
                    .contains("authenticated: protocol=pop3 source=127.0.0.1 mechanism=SCRAM-SHA-256 user=" + USER)
                    .contains("SCRAM-SHA-256 refused: protocol=imap source=127.0.0.1 account=" + USER + ": wrong proof")
                    .contains("SCRAM-SHA-256 refused: protocol=submission source=127.0.0.1 account=nobody@example.test: no such user")
                    .contains("account=" + LEGACY + ": no SCRAM-SHA-256 verifier kept for this user yet")
                    .contains("SCRAM-SHA-256 refused: protocol=pop3 source=127.0.0.1 account=" + USER
                            + ": nonce is not the one of this exchange");
        }
    }

    private static Path certificate() {
        return data.resolve("tls/certificate.pem");
    }

    /** gsasl as a client of IMAP or SMTP ({@code --imap}/{@code --smtp}), verifying the server's certificate. */
    private static ExternalTool.Result gsasl(String protocol, int port, String mechanism, String user, String password,
                                             String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("gsasl", "--" + protocol, "-m", mechanism, "-a", user, "-p", password,
                // GNU SASL 2.2 cannot build a client-first-message with the 'y' flag, which it chooses whenever TLS
                // gives it channel binding data for a mechanism without -PLUS; the POP3 client below sends 'y'
                "--no-cb",
                "--x509-ca-file=" + certificate(), "--hostname=mail.example.test"));
        command.addAll(List.of(more));
        command.addAll(List.of("127.0.0.1", Integer.toString(port + offset)));
        return ExternalTool.run(command, new byte[0], TIMEOUT);
    }

    private static ExternalTool.Result pop3(String mode, String user, String password) throws Exception {
        Path script;
        try {
            script = Path.of(ScramClientsTest.class.getResource("/scram_pop3_client.py").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        ExternalTool.Result r = ExternalTool.run(List.of("python3", script.toString(), mode, "127.0.0.1",
                Integer.toString(110 + offset), certificate().toString(), user, password), new byte[0], TIMEOUT);
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    @Test
    @Order(1)
    void gsaslSignsInOverImapAndVerifiesTheServer() throws Exception {
        ExternalTool.Result r = gsasl("imap", 143, "SCRAM-SHA-256", USER, PASSWORD);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.all()).contains("AUTH=SCRAM-SHA-256").contains(". AUTHENTICATE SCRAM-SHA-256")
                .contains("TLS X.509 Verification: The certificate is trusted")
                .contains("Client authentication finished (server trusted)");
    }

    @Test
    @Order(2)
    void gsaslSignsInOverSubmissionAndVerifiesTheServer() throws Exception {
        ExternalTool.Result r = gsasl("smtp", 587, "SCRAM-SHA-256", USER, PASSWORD);
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.all()).containsPattern("250[ -]AUTH .*SCRAM-SHA-256").contains("AUTH SCRAM-SHA-256")
                .contains("235 2.7.0").contains("Client authentication finished (server trusted)");
    }

    @Test
    @Order(3)
    void aWrongPasswordAndAnUnknownUserGetTheSameInvalidProof() throws Exception {
        // base64 of "e=invalid-proof", IMAP's continuation and SMTP's 334
        ExternalTool.Result imap = gsasl("imap", 143, "SCRAM-SHA-256", USER, "not the password");
        assertThat(imap.exit()).as("%s", imap).isNotZero();
        assertThat(imap.all()).contains("+ ZT1pbnZhbGlkLXByb29m").doesNotContain("server trusted");
        ExternalTool.Result smtp = gsasl("smtp", 587, "SCRAM-SHA-256", "nobody@example.test", "anything");
        assertThat(smtp.exit()).as("%s", smtp).isNotZero();
        assertThat(smtp.all()).contains("334 ZT1pbnZhbGlkLXByb29m").doesNotContain("235 ");
    }

    @Test
    @Order(4)
    void notOfferedBeforeTls() throws Exception {
        ExternalTool.Result r = gsasl("imap", 143, "SCRAM-SHA-256", USER, PASSWORD, "--no-starttls");
        assertThat(r.all()).contains("LOGINDISABLED").doesNotContain("AUTH=SCRAM-SHA-256").doesNotContain("AUTHENTICATE")
                .contains("Cannot find mechanism");
    }

    @Test
    @Order(5)
    void pop3WithBothGs2HeadersAndAForgedNonce() throws Exception {
        for (String mode : List.of("n", "y")) {
            ExternalTool.Result r = pop3(mode, USER, PASSWORD);
            assertThat(r.out()).as(mode).contains("SASL PLAIN LOGIN").contains("SCRAM-SHA-256")
                    .contains("iterations=65536").contains("server-signature verified")
                    .contains("S: +OK Logged in").contains("S: +OK 0 0");
        }
        ExternalTool.Result forged = pop3("wrong-nonce", USER, PASSWORD);
        assertThat(forged.out()).contains("server-final=e=other-error").contains("S: -ERR [AUTH]")
                .doesNotContain("Logged in");
        ExternalTool.Result unknown = pop3("n", "nobody@example.test", "anything");
        assertThat(unknown.out()).contains("iterations=65536").contains("server-final=e=invalid-proof")
                .contains("S: -ERR [AUTH]");
    }

    @Test
    @Order(6)
    void anOldPasswordGetsItsVerifierAtTheNextPlainSignIn() throws Exception {
        ExternalTool.Result before = gsasl("imap", 143, "SCRAM-SHA-256", LEGACY, LEGACY_PASSWORD);
        assertThat(before.exit()).as("%s", before).isNotZero();
        assertThat(before.all()).contains("+ ZT1pbnZhbGlkLXByb29m");
        ExternalTool.Result plain = gsasl("imap", 143, "PLAIN", LEGACY, LEGACY_PASSWORD);
        assertThat(plain.exit()).as("%s", plain).isZero();
        assertThat(plain.all()).contains(". AUTHENTICATE PLAIN");
        ExternalTool.Result after = gsasl("imap", 143, "SCRAM-SHA-256", LEGACY, LEGACY_PASSWORD);
        assertThat(after.exit()).as("%s", after).isZero();
        assertThat(after.all()).contains("Client authentication finished (server trusted)");
    }

    @Test
    @Order(7)
    void passwdMakesANewVerifier() throws Exception {
        String changed = "olivia new pw";
        Result passwd = PosternProcess.call(changed + "\n", "user", "passwd", LEGACY, "--password-stdin", "--data", data.toString());
        assertThat(passwd.exitStatus()).as("%s", passwd).isZero();
        ExternalTool.Result old = gsasl("smtp", 587, "SCRAM-SHA-256", LEGACY, LEGACY_PASSWORD);
        assertThat(old.exit()).as("%s", old).isNotZero();
        assertThat(old.all()).contains("334 ZT1pbnZhbGlkLXByb29m");
        ExternalTool.Result now = gsasl("smtp", 587, "SCRAM-SHA-256", LEGACY, changed);
        assertThat(now.exit()).as("%s", now).isZero();
        assertThat(now.all()).contains("235 2.7.0").contains("Client authentication finished (server trusted)");
    }
}

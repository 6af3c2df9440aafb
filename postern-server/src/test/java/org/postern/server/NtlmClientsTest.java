package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * SASL NTLM end to end against {@code postern run} with {@code directory.ntlm: true} and a user
 * added by {@code postern user add} while it runs: curl ({@code --login-options AUTH=NTLM},
 * NTLMv2 without a MIC) sends a message through submission (587, STARTTLS) and reads it back
 * over IMAP (143 STARTTLS and 993) and POP3 (995); a wrong password gets each protocol's error.
 * python3-ntlm-auth (Debian) signs in with NTLMv2 and a MIC, is refused at its NTLMv1 and LM
 * levels, has its AUTHENTICATE message refused when replayed, and malformed base64, a message
 * that is not NTLM and a truncated one get IMAP's and SMTP's errors while the session goes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NtlmClientsTest {

    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "alice ntlm pw";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PYTHON = "/usr/bin/python3"; // Debian's own: the one that imports python3-ntlm-auth

    @TempDir
    static Path tmp;
    static Path data;
    static int offset;
    static RunningServer server;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("curl");
        data = tmp.resolve("data");
        offset = FreePorts.offset();
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data.toString()).exitStatus()).isZero();
        Path yaml = data.resolve(DataFolder.CONFIG_FILE);
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^  ntlm: false$", "  ntlm: true")
                .replaceFirst("(?m)^hostname:.*$", "hostname: mail.example.test"));
        assertThat(Files.readString(yaml)).contains("  ntlm: true");
        server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
        Result add = PosternProcess.call(PASSWORD + "\n", "user", "add", USER, "--password-stdin", "--data", data.toString());
        assertThat(add.exitStatus()).as("%s", add).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.stop()).isIn(0, 143);
            assertThat(server.errorsAfterStop()).doesNotContain("Exception")
                    // why each refusal was refused, as the log says it
                    .contains("NTLM refused: protocol=imap source=127.0.0.1 account=alice@example.test: NTLMv1 response")
                    .contains("NTLM refused: protocol=imap source=127.0.0.1 account=(ntlm): no extended session security")
                    .contains("account=alice@example.test: replayed AUTHENTICATE message")
                    .contains("account=alice@example.test: wrong response")
                    .contains("authenticated: protocol=imap source=127.0.0.1 mechanism=NTLM user=alice@example.test");
        }
    }

    private static ExternalTool.Result curl(String password, String... args) throws Exception {
        return curlAs(USER, password, args);
    }

    private static ExternalTool.Result curlAs(String user, String password, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-v", "-k", "--login-options", "AUTH=NTLM",
                "-u", user + ":" + password));
        command.addAll(List.of(args));
        return ExternalTool.run(command, new byte[0], TIMEOUT);
    }

    private static String url(String scheme, int port, String path) {
        return scheme + "://127.0.0.1:" + (port + offset) + path;
    }

    private static ExternalTool.Result python(String mode) throws Exception {
        Path script;
        try {
            script = Path.of(NtlmClientsTest.class.getResource("/ntlm_client.py").toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
        // ntlm-auth hashes with hashlib's MD4, which OpenSSL 3 keeps in its legacy provider
        Path openssl = tmp.resolve("openssl-legacy.cnf");
        Files.writeString(openssl, """
                openssl_conf = openssl_init
                [openssl_init]
                providers = provider_sect
                [provider_sect]
                default = default_sect
                legacy = legacy_sect
                [default_sect]
                activate = 1
                [legacy_sect]
                activate = 1
                """);
        ExternalTool.Result r = ExternalTool.run(List.of(PYTHON, script.toString(), mode, "127.0.0.1",
                Integer.toString(993 + offset), Integer.toString(465 + offset), USER, PASSWORD), new byte[0], TIMEOUT,
                java.util.Map.of("OPENSSL_CONF", openssl.toString()));
        assertThat(r.err()).as("python3-ntlm-auth must be installed (Debian python3-ntlm-auth): %s", r)
                .doesNotContain("ModuleNotFoundError");
        assertThat(r.exit()).as("%s", r).isZero();
        return r;
    }

    private static long awaitDelivery(String subject) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            for (MessageMetadata m : TestMailboxes.messages(data, USER, SpecialUse.INBOX)) {
                if (new String(TestMailboxes.content(data, USER, m.uid()), StandardCharsets.UTF_8).contains(subject)) {
                    return m.uid();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not delivered: " + subject);
    }

    @Test
    @Order(1)
    void curlSubmitsOverStartTlsWithNtlmAndReadsTheMessageBackOverImapAndPop3() throws Exception {
        Path message = tmp.resolve("message.eml");
        Files.writeString(message, "From: <alice@example.test>\r\nTo: <alice@example.test>\r\nSubject: sent with NTLM\r\n\r\n"
                + "NTLMv2 over SASL\r\n");
        ExternalTool.Result smtp = curl(PASSWORD, url("smtp", 587, ""), "--ssl-reqd", "--mail-from", USER, "--mail-rcpt", USER,
                "-T", message.toString());
        assertThat(smtp.exit()).as("%s", smtp).isZero();
        assertThat(smtp.err()).containsPattern("AUTH PLAIN LOGIN.* NTLM").contains("> AUTH NTLM").contains("< 235 2.7.0")
                .contains("250 2.0.0 Ok: queued as ");
        assertThat(beforeStartTls(smtp.err())).as("nothing offered before TLS").doesNotContain("NTLM")
                .doesNotContain("AUTH");
        long uid = awaitDelivery("sent with NTLM");

        ExternalTool.Result imap = curl(PASSWORD, url("imap", 143, "/INBOX;UID=" + uid), "--ssl-reqd");
        assertThat(imap.exit()).as("%s", imap).isZero();
        assertThat(imap.err()).contains("STARTTLS").contains("AUTHENTICATE NTLM");
        assertThat(beforeStartTls(imap.err())).as("nothing offered before TLS").doesNotContain("AUTH=NTLM");
        assertThat(imap.out()).contains("Subject: sent with NTLM").contains("NTLMv2 over SASL");

        ExternalTool.Result imaps = curl(PASSWORD, url("imaps", 993, "/INBOX;UID=" + uid));
        assertThat(imaps.exit()).as("%s", imaps).isZero();
        assertThat(imaps.out()).contains("NTLMv2 over SASL");

        ExternalTool.Result pop3s = curl(PASSWORD, url("pop3s", 995, "/1"));
        assertThat(pop3s.exit()).as("%s", pop3s).isZero();
        assertThat(pop3s.err()).contains("> AUTH NTLM").contains("< +OK");
        assertThat(pop3s.out()).contains("NTLMv2 over SASL");
    }

    /** What curl's trace shows before the client's STARTTLS command (SMTP's, or IMAP's with its tag). */
    private static String beforeStartTls(String trace) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^> (A\\d+ )?STARTTLS").matcher(trace);
        assertThat(m.find()).as("STARTTLS in %s", trace).isTrue();
        return trace.substring(0, m.start());
    }

    @Test
    @Order(2)
    void aWindowsStyleDomainAndUserNameSignsInToo() throws Exception {
        ExternalTool.Result pop3s = curlAs("EXAMPLE\\alice", PASSWORD, url("pop3s", 995, "/"));
        assertThat(pop3s.exit()).as("%s", pop3s).isZero();
        assertThat(pop3s.err()).contains("> AUTH NTLM").contains("< +OK");
    }

    @Test
    @Order(2)
    void aWrongPasswordGetsEachProtocolsRefusal() throws Exception {
        ExternalTool.Result smtp = curl("wrong", url("smtp", 587, ""), "--ssl-reqd", "--mail-from", USER, "--mail-rcpt", USER,
                "-T", "/dev/null");
        assertThat(smtp.exit()).as("%s", smtp).isNotZero();
        assertThat(smtp.err()).contains("> AUTH NTLM").contains("< 535 5.7.8");
        ExternalTool.Result imaps = curl("wrong", url("imaps", 993, "/INBOX"), "-X", "EXAMINE INBOX");
        assertThat(imaps.exit()).as("%s", imaps).isNotZero();
        assertThat(imaps.err()).contains("AUTHENTICATE NTLM").contains("NO [AUTHENTICATIONFAILED]");
        ExternalTool.Result pop3s = curl("wrong", url("pop3s", 995, "/"));
        assertThat(pop3s.exit()).as("%s", pop3s).isNotZero();
        assertThat(pop3s.err()).contains("> AUTH NTLM").contains("< -ERR [AUTH]");
    }

    @Test
    @Order(3)
    void pythonNtlmAuthSignsInWithNtlmV2AndAMic() throws Exception {
        ExternalTool.Result r = python("v2");
        assertThat(r.out()).contains("v2: OK").contains("v2 select: OK");
    }

    @Test
    @Order(4)
    void ntlmV1AndLmAreRefused() throws Exception {
        assertThat(python("v1").out()).contains("v1: NO").contains("AUTHENTICATIONFAILED").doesNotContain("select: OK");
        assertThat(python("lm").out()).contains("lm: NO").contains("AUTHENTICATIONFAILED").doesNotContain("select: OK");
    }

    @Test
    @Order(5)
    void aReplayedAuthenticateMessageIsRefused() throws Exception {
        ExternalTool.Result r = python("replay");
        assertThat(r.out()).contains("first: OK").contains("replayed: NO").contains("AUTHENTICATIONFAILED")
                .doesNotContain("replayed select: OK");
    }

    @Test
    @Order(6)
    void malformedTokensGetTheProtocolsErrorAndTheSessionGoesOn() throws Exception {
        String out = python("garbage").out();
        assertThat(out).contains("g1 continue: +").contains("g1 bad base64: g1 BAD").contains("g2 not ntlm: g2 BAD")
                .contains("g3 challenge: + ").contains("g3 truncated: g3 BAD").contains("g4 noop: g4 OK");
        assertThat(out).contains("smtp bad base64: 501").contains("smtp not ntlm: 501").contains("smtp truncated: 501")
                .contains("smtp noop: 250");
    }

    @Test
    @Order(7)
    void theClientRowsDeclareNtlmAndNoSupportedMethodOfTheirTargetIsLeftUnbuilt() throws Exception {
        for (String row : List.of("End user SMTP client to Hub Transport", "IMAP4", "POP3")) {
            assertThat(server.output().lines().filter(l -> l.startsWith(row + " ")))
                    .singleElement().satisfies(l -> assertThat(l).contains("ntlm").contains("kerberos"));
        }
        Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data.toString(),
                "--port-offset", Integer.toString(offset));
        assertThat(r.exitStatus()).as("%s", r).isZero();
        ReferenceTable reference = ReferenceTable.load();
        List<String> ids = new ArrayList<>();
        for (JsonNode row : new ObjectMapper().readTree(r.out())) {
            String id = row.get("id").asText();
            if (List.of("client-smtp", "imap4", "pop3").contains(id)) {
                ids.add(id);
                assertThat(reference.differences(row)).as(id).isEmpty();
                // supported: everything the target names; default: NTLM too, once directory.ntlm is on
                assertThat(reference.notYetBuilt(row)).as(id).isEmpty();
                assertThat(row.get("supported_auth").toString()).as(id).contains("ntlm");
                assertThat(row.get("default_auth").toString()).as(id).contains("ntlm");
            }
        }
        assertThat(ids).containsExactlyInAnyOrder("client-smtp", "imap4", "pop3");
    }
}

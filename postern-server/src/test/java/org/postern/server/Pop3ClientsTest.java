package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.testing.ExternalTool;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Flag;
import org.postern.core.store.Folder;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;

/**
 * POP3 (reference row "pop3") driven by clients nobody here wrote, against a real
 * {@code postern run}: Python's poplib (STLS on 110, implicit TLS on 995), curl
 * ({@code pop3://} with {@code --ssl-reqd}, {@code pop3s://}) and fetchmail (STLS). Each reads
 * back, byte for byte, a message with a line starting with a dot, a long line and 8-bit octets,
 * put in the Inbox through the store on the same data folder. A missing client fails the test.
 */
class Pop3ClientsTest {

    static final String USER = "alice@example.test";
    static final String PASSWORD = "secret";

    /** A line starting with ".", one of two dots, a 5,000-octet line, 8-bit octets, CRLF endings. */
    static final byte[] MESSAGE = message();

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    @TempDir
    static Path tmp;

    private static byte[] message() {
        String text = "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: POP3 byte for byte\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + ".a line starting with a dot\r\n..and one with two\r\n.\r\n"
                + "x".repeat(5000) + "\r\n"
                + "8-bit: caf\u00e9 \u00fc\u00df \u00ff\r\n"
                + "last line\r\n";
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @BeforeAll
    static void serverListens() {
        assertThat(MAIL.server().output()).contains("POP3 0.0.0.0:" + (110 + MAIL.offset()) + " (STLS)")
                .contains("POP3S 0.0.0.0:" + (995 + MAIL.offset()));
    }

    /** Runs a client to its end; a client that is not installed fails the test. */
    static ProcessResult exec(List<String> command, Optional<Path> home) throws Exception {
        var r = ExternalTool.run(command, new byte[0], java.time.Duration.ofSeconds(120),
                home.map(h -> java.util.Map.of("HOME", h.toString())).orElse(java.util.Map.of()));
        return new ProcessResult(r.exit(), r.out() + r.err());
    }

    record ProcessResult(int exit, String output) {
    }

    private static Path script() throws URISyntaxException {
        return Path.of(Pop3ClientsTest.class.getResource("/pop3/poplib_client.py").toURI());
    }

    @BeforeEach
    void emptyInbox() throws Exception {
        TestMailboxes.empty(MAIL.data(), USER, SpecialUse.INBOX);
    }

    @Test
    void poplibWithStlsReadsByteForByteAndTheDeletionHappensAtQuit() throws Exception {
        long uid = TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        Path out = Files.createDirectories(tmp.resolve("poplib-stls"));
        ProcessResult r = exec(List.of("python3", script().toString(), "127.0.0.1", Integer.toString(110 + MAIL.offset()), "stls",
                USER, PASSWORD, out.toString(), "1"), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(out.resolve("1.eml"))).isEqualTo(MESSAGE);
        JsonNode session = new ObjectMapper().readTree(out.resolve("session.json").toFile());
        assertThat(session.get("capa").toString()).contains("\"USER\"").contains("\"SASL\"").contains("\"UIDL\"").doesNotContain("STLS");
        assertThat(session.get("stat").get(0).asInt()).isEqualTo(1);
        assertThat(session.get("list").get(0).asText()).isEqualTo("1 " + MESSAGE.length);
        assertThat(session.get("uidl").get(0).asText()).isEqualTo("1 " + TestMailboxes.uidValidity(MAIL.data(), USER) + "." + uid);
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX)).as("DELE then QUIT removes the message").isEmpty();
    }

    @Test
    void poplibOverImplicitTlsOn995MarksTheMessageSeenAndKeepsIt() throws Exception {
        long uid = TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        Path out = Files.createDirectories(tmp.resolve("poplib-ssl"));
        ProcessResult r = exec(List.of("python3", script().toString(), "127.0.0.1", Integer.toString(995 + MAIL.offset()), "ssl",
                USER, PASSWORD, out.toString()), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(Files.readAllBytes(out.resolve("1.eml"))).isEqualTo(MESSAGE);
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX)).singleElement().satisfies(m -> {
            assertThat(m.uid()).isEqualTo(uid);
            assertThat(m.flags()).contains(Flag.SEEN);
        });
    }

    @Test
    void curlOverPop3sAndOverPop3WithSslReqd() throws Exception {
        TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        Path viaPop3s = tmp.resolve("curl-pop3s.eml");
        Path viaStls = tmp.resolve("curl-stls.eml");
        // curl prefers GSSAPI when the server offers it (it does once Kerberos is on) and does not
        // fall back without a ticket: these clients sign in with a password, so they say PLAIN.
        ProcessResult pop3s = exec(List.of("curl", "-sS", "-k", "--login-options", "AUTH=PLAIN", "-u", USER + ":" + PASSWORD, "-o", viaPop3s.toString(),
                "pop3s://127.0.0.1:" + (995 + MAIL.offset()) + "/1"), Optional.empty());
        assertThat(pop3s.exit()).as(pop3s.output()).isZero();
        assertThat(Files.readAllBytes(viaPop3s)).isEqualTo(MESSAGE);
        ProcessResult stls = exec(List.of("curl", "-sS", "-k", "--ssl-reqd", "--login-options", "AUTH=PLAIN", "-u", USER + ":" + PASSWORD, "-o", viaStls.toString(),
                "pop3://127.0.0.1:" + (110 + MAIL.offset()) + "/1"), Optional.empty());
        assertThat(stls.exit()).as(stls.output()).isZero();
        assertThat(Files.readAllBytes(viaStls)).isEqualTo(MESSAGE);
        ProcessResult list = exec(List.of("curl", "-sS", "-k", "--login-options", "AUTH=PLAIN", "-u", USER + ":" + PASSWORD,
                "pop3s://127.0.0.1:" + (995 + MAIL.offset()) + "/"), Optional.empty());
        assertThat(list.output().strip()).isEqualTo("1 " + MESSAGE.length);
        // Without TLS on 110, curl's USER/PASS is refused: no credential in clear.
        ProcessResult clear = exec(List.of("curl", "-sS", "-u", USER + ":" + PASSWORD,
                "pop3://127.0.0.1:" + (110 + MAIL.offset()) + "/1"), Optional.empty());
        assertThat(clear.exit()).as(clear.output()).isNotZero();
    }

    @Test
    void fetchmailWithStlsDeliversByteForByteAndDeletes() throws Exception {
        TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        Path home = Files.createDirectories(tmp.resolve("fetchmail"));
        Path delivered = Files.createDirectories(home.resolve("delivered"));
        Path rc = home.resolve("fetchmailrc");
        Files.writeString(rc, """
                set no syslog
                set invisible
                poll 127.0.0.1 with proto POP3 port %d timeout 30
                  user "%s" there with password "%s" is "root" here
                  sslproto 'TLS1.2+' no sslcertck
                  no keep no rewrite no stripcr
                  mda "/bin/sh -c 'cat > %s/msg.$$'"
                """.formatted(110 + MAIL.offset(), USER, PASSWORD, delivered));
        Files.setPosixFilePermissions(rc, PosixFilePermissions.fromString("rw-------"));
        ProcessResult r = exec(List.of("fetchmail", "-v", "--nodetach", "-f", rc.toString(),
                "--pidfile", home.resolve("pid").toString(), "-i", home.resolve("ids").toString()), Optional.of(home));
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("POP3> STLS").contains("POP3< +OK Begin TLS negotiation");
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(delivered)) {
            s.forEach(files::add);
        }
        assertThat(files).hasSize(1);
        assertThat(Files.readAllBytes(files.getFirst())).isEqualTo(MESSAGE);
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX)).as("fetchmail deleted what it fetched").isEmpty();
    }
}

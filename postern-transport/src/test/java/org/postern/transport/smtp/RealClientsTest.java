package org.postern.transport.smtp;

import org.postern.core.testing.ExternalTool;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.protocols.smtp.DsnNotify;
import org.postern.transport.queue.QueuedMessage;

/**
 * Messages sent by clients nobody here wrote — swaks, curl, Python's smtplib, openssl s_client —
 * to a real service on loopback, each then found in the queue with the right envelope and the
 * client's bytes, byte for byte, past the fields the server prepended.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path tmp;

    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        server = TestServer.start(tmp);
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    /** A message with 8-bit text, dot-stuffing cases and a long line, CRLF throughout. */
    private static byte[] message(String marker, boolean withIdAndDate) {
        StringBuilder b = new StringBuilder();
        b.append("From: Sender <").append(marker).append("@example.net>\r\n");
        b.append("To: Alice <alice@example.org>\r\n");
        b.append("Subject: test ").append(marker).append("\r\n");
        if (withIdAndDate) {
            b.append("Message-ID: <").append(marker).append("@client.example.net>\r\n");
            b.append("Date: Sat, 28 Nov 2026 01:02:03 +0000\r\n");
        }
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: text/plain; charset=utf-8\r\n");
        b.append("Content-Transfer-Encoding: 8bit\r\n");
        b.append("\r\n");
        b.append("Grüße aus Köln — ünïcödé.\r\n");
        b.append(".a line that starts with a dot\r\n");
        b.append("..and one with two\r\n");
        b.append("x".repeat(900)).append("\r\n");
        b.append("last line\r\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path file(byte[] content) throws Exception {
        Path f = tmp.resolve(UUID.randomUUID() + ".eml");
        Files.write(f, content);
        return f;
    }

    private static String marker() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private int mx() {
        return server.port(SmtpListenerKind.MX);
    }

    private int submission() {
        return server.port(SmtpListenerKind.SUBMISSION);
    }

    private int submissions() {
        return server.port(SmtpListenerKind.SUBMISSIONS);
    }

    private List<String> swaks(int port, String from, String to, Path data, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(port),
                "--from", from, "--to", to, "--helo", "client.example.net", "--data", "@" + data));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    /** Checks the queued message: envelope, content past the added fields, the Received line. */
    private QueuedMessage assertQueued(String sender, List<String> recipients, byte[] sent, int addedFields,
                                       String withKeyword) throws Exception {
        QueuedMessage m = server.onlyFrom(sender);
        assertThat(m.envelope().recipients()).extracting(r -> r.address().toString())
                .containsExactlyElementsOf(recipients);
        byte[] content = server.content(m);
        assertThat(latin1(TestServer.pastAddedHeaders(content, addedFields))).isEqualTo(latin1(sent));
        String received = TestServer.receivedField(content);
        assertThat(received).contains("by " + TestServer.HOST + " (Postern) with " + withKeyword + " id " + m.id())
                .contains("[127.0.0.1]");
        return m;
    }

    @Test
    void swaksPlainToPort25() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        ExternalTool.Result r = ExternalTool.run(swaks(mx(), marker + "@example.net", TestServer.ALICE, file(msg)), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("250 2.0.0 Ok: queued as ");
        QueuedMessage m = assertQueued(marker + "@example.net", List.of(TestServer.ALICE), asSwaksSends(msg), 1, "ESMTP");
        assertThat(r.out()).contains("queued as " + m.id());
        assertThat(m.envelope().origin().listener()).isEqualTo("SMTP");
        assertThat(m.envelope().origin().helo()).isEqualTo("client.example.net");
        assertThat(m.envelope().origin().tlsProtocol()).isEmpty();
        String received = TestServer.receivedField(server.content(m));
        assertThat(received).startsWith("Received: from client.example.net (unknown [127.0.0.1])")
                .contains("for <alice@example.org>;");
        TrackingEvent e = server.tracking.events.stream().filter(t -> t.queueId().equals(Optional.of(m.id().toString())))
                .findFirst().orElseThrow();
        assertThat(e.type()).isEqualTo(TrackingEventType.RECEIVE);
        assertThat(e.messageId()).isEqualTo("<" + marker + "@client.example.net>");
        assertThat(e.sender()).isEqualTo(marker + "@example.net");
        assertThat(e.recipients()).containsExactly(TestServer.ALICE);
        assertThat(e.source()).isEqualTo("SMTP 127.0.0.1");
    }

    @Test
    void swaksStartTlsToPort25WithDsnParametersKeptInTheEnvelope() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        ExternalTool.Result r = ExternalTool.run(swaks(mx(), marker + "@example.net", TestServer.ALICE + "," + TestServer.BOB, file(msg),
                "-tls", "--pipeline"), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = assertQueued(marker + "@example.net", List.of(TestServer.ALICE, TestServer.BOB), asSwaksSends(msg), 1, "ESMTPS");
        assertThat(m.envelope().origin().tlsProtocol()).hasValueSatisfying(p -> assertThat(p).startsWith("TLSv1."));
        assertThat(TestServer.receivedField(server.content(m))).contains("(using TLSv1.").contains(" with cipher TLS_")
                .doesNotContain(" for <");
        assertThat(m.envelope().recipients()).allSatisfy(rc -> assertThat(rc.dsn().notifyOn()).isEmpty());
    }

    @Test
    void swaksAuthPlainAfterStartTlsOnSubmission() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        String to = marker + "@elsewhere.example";
        ExternalTool.Result r = ExternalTool.run(swaks(submission(), TestServer.ALICE, to, file(msg), "-tls", "-a", "PLAIN",
                "-au", TestServer.ALICE, "-ap", TestServer.ALICE_PASSWORD), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = server.queued(q -> q.envelope().recipients().getFirst().address().toString().equals(to)).getFirst();
        assertThat(m.envelope().reversePath().toString()).isEqualTo(TestServer.ALICE);
        assertThat(m.envelope().origin().authenticatedUser()).contains(TestServer.ALICE);
        byte[] content = server.content(m);
        assertThat(latin1(TestServer.pastAddedHeaders(content, 1))).isEqualTo(latin1(asSwaksSends(msg)));
        assertThat(TestServer.receivedField(content)).contains("with ESMTPSA id ")
                .contains("(authenticated sender alice@example.org)");
        TrackingEvent e = server.tracking.events.stream().filter(t -> t.queueId().equals(Optional.of(m.id().toString())))
                .findFirst().orElseThrow();
        assertThat(e.type()).isEqualTo(TrackingEventType.SUBMIT);
    }

    @Test
    void swaksAuthLoginWithAnAliasAsSender() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        String to = marker + "@elsewhere.example";
        ExternalTool.Result r = ExternalTool.run(swaks(submission(), "ali@example.org", to, file(msg), "-tls", "-a", "LOGIN",
                "-au", TestServer.ALICE, "-ap", TestServer.ALICE_PASSWORD, "--pipeline"), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = server.queued(q -> q.envelope().recipients().getFirst().address().toString().equals(to)).getFirst();
        assertThat(latin1(TestServer.pastAddedHeaders(server.content(m), 1))).isEqualTo(latin1(asSwaksSends(msg)));
    }

    @Test
    void swaksImplicitTlsOn465() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        ExternalTool.Result r = ExternalTool.run(swaks(submissions(), TestServer.BOB, marker + "@elsewhere.example", file(msg), "-tlsc",
                "-a", "PLAIN", "-au", TestServer.BOB, "-ap", TestServer.BOB_PASSWORD), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = server.queued(q -> q.envelope().recipients().getFirst().address().toString()
                .equals(marker + "@elsewhere.example")).getFirst();
        assertThat(m.envelope().origin().listener()).isEqualTo("submissions");
        assertThat(latin1(TestServer.pastAddedHeaders(server.content(m), 1))).isEqualTo(latin1(asSwaksSends(msg)));
    }

    @Test
    void curlSubmissionWithStartTlsAddsMessageIdAndDate() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, false);
        String to = marker + "@elsewhere.example";
        ExternalTool.Result r = ExternalTool.run(List.of("curl", "-sS", "-k", "--ssl-reqd",
                "smtp://127.0.0.1:" + submission() + "/client.example.net", "--mail-from", TestServer.ALICE,
                "--mail-rcpt", to, "--user", TestServer.ALICE + ":" + TestServer.ALICE_PASSWORD,
                "--upload-file", file(msg).toString()), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = server.queued(q -> q.envelope().recipients().getFirst().address().toString().equals(to)).getFirst();
        byte[] content = server.content(m);
        assertThat(latin1(TestServer.pastAddedHeaders(content, 3))).isEqualTo(latin1(msg));
        String text = new String(content, StandardCharsets.UTF_8);
        assertThat(text).containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}\r\n")
                .containsPattern("\r\nMessage-ID: <[0-9a-f]{32}@mx\\.example\\.org>\r\n");
        TrackingEvent e = server.tracking.events.stream().filter(t -> t.queueId().equals(Optional.of(m.id().toString())))
                .findFirst().orElseThrow();
        assertThat(e.messageId()).matches("<[0-9a-f]{32}@mx\\.example\\.org>");
        assertThat(text).contains(e.messageId());
    }

    @Test
    void curlSmtpsOn465WithAuthLogin() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        String to = marker + "@elsewhere.example";
        ExternalTool.Result r = ExternalTool.run(List.of("curl", "-sS", "-k", "smtps://127.0.0.1:" + submissions() + "/client.example.net",
                "--login-options", "AUTH=LOGIN", "--mail-from", TestServer.BOB, "--mail-rcpt", to,
                "--user", TestServer.BOB + ":" + TestServer.BOB_PASSWORD, "--upload-file", file(msg).toString()),
                new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = server.queued(q -> q.envelope().recipients().getFirst().address().toString().equals(to)).getFirst();
        assertThat(latin1(TestServer.pastAddedHeaders(server.content(m), 1))).isEqualTo(latin1(msg));
        assertThat(m.envelope().origin().authenticatedUser()).contains(TestServer.BOB);
    }

    @Test
    void aLargeMessageIsSpooledToDiskAndQueuedByteForByte() throws Exception {
        String marker = marker();
        StringBuilder b = new StringBuilder(new String(message(marker, true), StandardCharsets.UTF_8));
        java.util.Random random = new java.util.Random(7);
        while (b.length() < 3 * 1024 * 1024) {
            for (int i = 0; i < 76; i++) {
                b.append((char) ('!' + random.nextInt(94)));
            }
            b.append("\r\n");
        }
        byte[] msg = b.toString().getBytes(StandardCharsets.UTF_8);
        ExternalTool.Result r = ExternalTool.run(List.of("curl", "-sS", "-k", "--ssl-reqd", "smtp://127.0.0.1:" + mx() + "/client.example.net",
                "--mail-from", marker + "@example.net", "--mail-rcpt", TestServer.BOB,
                "--upload-file", file(msg).toString()), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        QueuedMessage m = assertQueued(marker + "@example.net", List.of(TestServer.BOB), msg, 1, "ESMTPS");
        assertThat(m.contentSize()).isGreaterThan(3L * 1024 * 1024);
        try (java.util.stream.Stream<Path> spool = Files.list(server.folder.resolve("spool"))) {
            assertThat(spool.toList()).as("spool files left").isEmpty();
        }
    }

    @Test
    void curlPlainToPort25() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        ExternalTool.Result r = ExternalTool.run(List.of("curl", "-sS", "smtp://127.0.0.1:" + mx() + "/client.example.net",
                "--mail-from", marker + "@example.net", "--mail-rcpt", "team@example.org",
                "--upload-file", file(msg).toString()), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        assertQueued(marker + "@example.net", List.of("team@example.org"), msg, 1, "ESMTP");
    }

    @Test
    void pythonSmtplibStartTlsLoginWithSmtputf8AndDsn() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        Path data = file(msg);
        String script = String.join("\n",
                "import smtplib, ssl, sys",
                "ctx = ssl.create_default_context()",
                "ctx.check_hostname = False",
                "ctx.verify_mode = ssl.CERT_NONE",
                "s = smtplib.SMTP('127.0.0.1', " + submission() + ", local_hostname='py.example.net', timeout=30)",
                "s.starttls(context=ctx)",
                "s.login('" + TestServer.ALICE + "', '" + TestServer.ALICE_PASSWORD + "')",
                "data = open('" + data + "', 'rb').read()",
                "refused = s.sendmail('" + TestServer.ALICE + "', ['jörg." + marker + "@bücher.example', 'bob@example.org'],"
                        + " data, mail_options=['SMTPUTF8', 'BODY=8BITMIME', 'RET=HDRS', 'ENVID=" + marker + "'],"
                        + " rcpt_options=['NOTIFY=SUCCESS,FAILURE'])",
                "print('refused', refused)",
                "s.quit()",
                "");
        ExternalTool.Result r = ExternalTool.run(List.of("python3", "-c", script), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("refused {}");
        QueuedMessage m = server.queued(q -> q.envelope().parameters().envId().equals(Optional.of(marker))).getFirst();
        assertThat(m.envelope().recipients()).extracting(x -> x.address().toString())
                .containsExactly("jörg." + marker + "@bücher.example", TestServer.BOB);
        assertThat(m.envelope().recipients()).allSatisfy(x ->
                assertThat(x.dsn().notifyOn()).containsExactlyInAnyOrder(DsnNotify.SUCCESS, DsnNotify.FAILURE));
        assertThat(m.envelope().parameters().smtpUtf8()).isTrue();
        assertThat(m.envelope().parameters().ret()).isPresent();
        byte[] content = server.content(m);
        assertThat(latin1(TestServer.pastAddedHeaders(content, 1))).isEqualTo(latin1(msg));
        assertThat(TestServer.receivedField(content)).contains("with UTF8SMTPSA id ");
    }

    @Test
    void pythonSmtplibPlainToPort25() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        Path data = file(msg);
        String script = String.join("\n",
                "import smtplib",
                "s = smtplib.SMTP('127.0.0.1', " + mx() + ", local_hostname='py.example.net', timeout=30)",
                "s.sendmail('" + marker + "@example.net', ['Bob@Example.ORG'], open('" + data + "', 'rb').read())",
                "s.quit()",
                "");
        ExternalTool.Result r = ExternalTool.run(List.of("python3", "-c", script), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isZero();
        assertQueued(marker + "@example.net", List.of("Bob@example.org"), msg, 1, "ESMTP");
    }

    @Test
    void opensslStartTlsWithPipelinedTransaction() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        String script = "EHLO openssl.example.net\r\nMAIL FROM:<" + marker + "@example.net>\r\nRCPT TO:<alice@example.org>\r\n"
                + "DATA\r\n" + new String(dotStuffed(msg), StandardCharsets.UTF_8) + ".\r\nQUIT\r\n";
        ExternalTool.Result r = ExternalTool.run(List.of("openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:" + mx(),
                "-quiet", "-ign_eof"), script.getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(r.out()).as(r.all()).contains("250 2.0.0 Ok: queued as ").contains("221 2.0.0");
        assertQueued(marker + "@example.net", List.of(TestServer.ALICE), msg, 1, "ESMTPS");
    }

    @Test
    void opensslBdatChunksOverTls() throws Exception {
        String marker = marker();
        byte[] msg = message(marker, true);
        int half = msg.length / 2;
        String first = new String(msg, 0, half, StandardCharsets.ISO_8859_1);
        String second = new String(msg, half, msg.length - half, StandardCharsets.ISO_8859_1);
        String script = "EHLO openssl.example.net\r\nMAIL FROM:<" + marker + "@example.net> BODY=8BITMIME\r\n"
                + "RCPT TO:<alice@example.org>\r\n"
                + "BDAT " + half + "\r\n" + first + "BDAT " + (msg.length - half) + " LAST\r\n" + second + "QUIT\r\n";
        ExternalTool.Result r = ExternalTool.run(List.of("openssl", "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:" + mx(),
                "-quiet", "-ign_eof"), script.getBytes(StandardCharsets.ISO_8859_1), TIMEOUT);
        assertThat(r.out()).as(r.all()).contains("250 2.0.0 " + half + " octets received")
                .contains("250 2.0.0 Ok: queued as ");
        assertQueued(marker + "@example.net", List.of(TestServer.ALICE), msg, 1, "ESMTPS");
    }

    @Test
    void ehloAdvertisesTheExtensionsPerTlsState() throws Exception {
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 " + TestServer.HOST);
            String plain = c.command("EHLO me.example", "250 ");
            assertThat(plain).contains("PIPELINING", "SIZE " + (35L * 1024 * 1024), "8BITMIME", "SMTPUTF8",
                    "ENHANCEDSTATUSCODES", "CHUNKING", "DSN", "STARTTLS").doesNotContain("AUTH", "BINARYMIME");
            c.command("STARTTLS", "220 2.0.0");
            c.wrapTls();
            String secure = c.command("EHLO me.example", "250 ");
            assertThat(secure).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
        }
        try (RawClient c = RawClient.implicitTls(submissions())) {
            c.expect("220 ");
            assertThat(c.command("EHLO me.example", "250 ")).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
        }
    }

    @Test
    void dataPathsAreDeclared() {
        assertThat(server.service.dataPaths()).extracting(d -> d.id()).containsExactly("edge-edge", "client-smtp");
        assertThat(server.service.dataPaths().get(1).ports()).extracting(p -> p.number())
                .containsExactly(587 + server.offset, 465 + server.offset);
        assertThat(server.service.dataPaths().get(0).supportedAuth()).extracting(a -> a.referenceName())
                .containsExactly("anonymous");
        assertThat(server.service.dataPaths().get(1).defaultAuth()).extracting(a -> a.referenceName())
                .containsExactly("plain");
        // supported: what the one authentication layer can be configured to offer (Kerberos with a realm, NTLM with NT hashes)
        assertThat(server.service.dataPaths().get(1).supportedAuth()).extracting(a -> a.referenceName())
                .containsExactly("plain", "login", "ntlm", "kerberos");
        assertThat(server.service.dataPaths()).allSatisfy(d -> assertThat(d.encryptedByDefault()).isTrue());
        assertThat(server.service.listening()).hasSize(3);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** swaks ends DATA with {@code CRLF . CRLF} after the data, so data ending in CRLF gains one more. */
    private static byte[] asSwaksSends(byte[] msg) {
        byte[] b = java.util.Arrays.copyOf(msg, msg.length + 2);
        b[msg.length] = '\r';
        b[msg.length + 1] = '\n';
        return b;
    }

    private static byte[] dotStuffed(byte[] msg) {
        String s = new String(msg, StandardCharsets.ISO_8859_1);
        return s.replace("\r\n.", "\r\n..").getBytes(StandardCharsets.ISO_8859_1);
    }

    static Map<String, String> noEnv() {
        return Map.of();
    }
}

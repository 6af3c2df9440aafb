package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.Folder;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * Mail into a running {@code postern run}, sent by real clients — swaks, curl, Python's
 * smtplib — over plain SMTP, STARTTLS and implicit TLS, and read back from the recipient's
 * mailbox byte for byte past the headers the hub adds; and the queue of the running server
 * through {@code postern queue}.
 */
class SmtpEndToEndTest {

    @TempDir
    static Path tmp;

    static RunningServer server;
    static String data;
    static int offset;

    @BeforeAll
    static void start() throws Exception {
        data = tmp.resolve("data").toString();
        offset = FreePorts.offset();
        server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset));
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data).exitStatus()).isZero();
        for (String user : List.of("alice", "bob", "carol", "dave")) {
            Result r = PosternProcess.call("secret-" + user + "\n", "user", "add", user + "@example.test", "--password-stdin", "--data", data);
            assertThat(r.exitStatus()).as("%s", r).isZero();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    static int port(int base) {
        return base + offset;
    }

    static byte[] message(String subject) {
        return ("From: <alice@example.test>\r\nTo: <bob@example.test>\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject + "@example.test>\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\n\r\n"
                + "Hello.\r\n.. a line that began with a dot\r\nUTF-8: é\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The messages in the owner's Inbox, waiting until there are {@code count}. */
    static List<byte[]> inbox(String owner, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            List<byte[]> found = new ArrayList<>();
            try (Foundation f = Foundation.open(new DataFolder(Path.of(data), null), PosternConfig.defaults())) {
                Folder inbox = f.store().findFolder(EmailAddress.parse(owner), SpecialUse.INBOX).orElseThrow();
                for (MessageMetadata m : f.store().fetch(inbox.id(), UidSet.all())) {
                    try (InputStream in = f.store().openContent(inbox.id(), m.uid())) {
                        found.add(in.readAllBytes());
                    }
                }
            }
            if (found.size() >= count || Instant.now().isAfter(deadline)) {
                return found;
            }
            Thread.sleep(100);
        }
    }

    /** What swaks puts on the wire for a {@code --data} file: the file and one more CRLF (swaks's own habit). */
    static byte[] asSwaksSends(byte[] msg) {
        byte[] b = java.util.Arrays.copyOf(msg, msg.length + 2);
        b[msg.length] = '\r';
        b[msg.length + 1] = '\n';
        return b;
    }

    /** The delivered copy whose body is this message: the hub's Return-Path and Received, then the client's bytes. */
    static void assertDeliveredUnchanged(String owner, byte[] sent, int expectedCount) throws Exception {
        List<byte[]> messages = inbox(owner, expectedCount);
        String sentText = new String(sent, StandardCharsets.UTF_8);
        assertThat(messages).anySatisfy(m -> {
            String text = new String(m, StandardCharsets.UTF_8);
            assertThat(text).startsWith("Return-Path: <").endsWith(sentText);
            assertThat(text.substring(0, text.length() - sentText.length())).contains("Received: from ");
        });
    }

    @Test
    void swaksPlainOnPort25DeliversToTheInbox() throws Exception {
        byte[] msg = message("swaks-plain");
        Path file = Files.write(tmp.resolve("swaks-plain.eml"), msg);
        var r = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(port(25)),
                "--from", "someone@elsewhere.example", "--to", "carol@example.test", "--data", "@" + file), Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isZero();
        assertDeliveredUnchanged("carol@example.test", asSwaksSends(msg), 1);
    }

    @Test
    void swaksStartTlsAuthOnSubmissionDelivers() throws Exception {
        byte[] msg = message("swaks-submission");
        Path file = Files.write(tmp.resolve("swaks-sub.eml"), msg);
        var r = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(port(587)), "-tls",
                "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "secret-alice",
                "--from", "alice@example.test", "--to", "bob@example.test", "--data", "@" + file), Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("235 2.7.0").doesNotContain("<~*");
        assertDeliveredUnchanged("bob@example.test", asSwaksSends(msg), 1);
        assertThat(new String(inbox("bob@example.test", 1).getFirst(), StandardCharsets.UTF_8)).contains("with ESMTPSA");
    }

    @Test
    void curlOverImplicitTlsDelivers() throws Exception {
        byte[] msg = message("curl-smtps");
        Path file = Files.write(tmp.resolve("curl.eml"), msg);
        var r = ExternalTool.run(List.of("curl", "-sS", "-k", "--ssl-reqd", "smtps://127.0.0.1:" + port(465),
                "-u", "alice@example.test:secret-alice", "--mail-from", "alice@example.test",
                "--mail-rcpt", "dave@example.test", "--upload-file", file.toString()), new byte[0], Duration.ofSeconds(60),
                Map.of("CURL_CA_BUNDLE", ""));
        assertThat(r.exit()).as("%s", r).isZero();
        assertDeliveredUnchanged("dave@example.test", msg, 1);
    }

    @Test
    void pythonSmtplibWithStartTlsDelivers() throws Exception {
        byte[] msg = message("smtplib");
        Path file = Files.write(tmp.resolve("smtplib.eml"), msg);
        String script = """
                import smtplib, ssl, sys
                ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
                s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=30)
                s.starttls(context=ctx); s.login('alice@example.test', 'secret-alice')
                s.sendmail('alice@example.test', ['alice@example.test'], open(sys.argv[2], 'rb').read())
                s.quit()
                """;
        var r = ExternalTool.run(List.of("python3", "-c", script, Integer.toString(port(587)), file.toString()), Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isZero();
        assertDeliveredUnchanged("alice@example.test", msg, 1);
    }

    @Test
    void noOpenRelayAndTheQueueIsVisibleOnTheRunningServer() throws Exception {
        var relay = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(port(25)),
                "--from", "spammer@elsewhere.example", "--to", "victim@elsewhere.example"), Duration.ofSeconds(60));
        assertThat(relay.exit()).isNotZero();
        assertThat(relay.out()).contains("550 5.7.1");

        var remote = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(port(587)), "-tls",
                "--auth", "LOGIN", "--auth-user", "alice@example.test", "--auth-password", "secret-alice",
                "--from", "alice@example.test", "--to", "friend@elsewhere.example"), Duration.ofSeconds(60));
        assertThat(remote.exit()).as("%s", remote).isZero();

        String listing = awaitQueued("friend@elsewhere.example");
        assertThat(listing).contains("alice@example.test").doesNotContain("victim@elsewhere.example");
        String id = listing.lines().filter(l -> l.contains("friend@elsewhere.example")).findFirst().orElseThrow().split("\t")[0];

        Result show = PosternProcess.call(null, "queue", "show", id, "--data", data);
        assertThat(show.exitStatus()).as("%s", show).isZero();
        assertThat(show.out()).contains("Queue-Id: " + id).contains("Recipient: friend@elsewhere.example")
                .contains("route smtp:elsewhere.example");
        assertThat(PosternProcess.call(null, "queue", "retry", id, "--data", data).exitStatus()).isZero();
        assertThat(PosternProcess.call(null, "queue", "remove", id, "--data", data).exitStatus()).isZero();
        assertThat(PosternProcess.call(null, "queue", "list", "--data", data).out()).doesNotContain(id);
        Result missing = PosternProcess.call(null, "queue", "show", id, "--data", data);
        assertThat(missing.exitStatus()).isEqualTo(1);
        assertThat(missing.err()).contains(id);
    }

    private static String awaitQueued(String recipient) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            Result list = PosternProcess.call(null, "queue", "list", "--data", data);
            assertThat(list.exitStatus()).as("%s", list).isZero();
            if (list.out().contains(recipient + " (deferred)") || Instant.now().isAfter(deadline)) {
                return list.out();
            }
            Thread.sleep(100);
        }
    }
}

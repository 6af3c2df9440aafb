package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.sql.testing.PostgresServer;

/**
 * {@code postern run} (hub, mailbox and cas) with its mailbox store in PostgreSQL
 * ({@code store: {type: postgresql, url, user}}), end to end: swaks delivers to the hub's port 25,
 * Python's imaplib reads the Inbox over IMAPS and curl over {@code pop3s://}, each byte for byte,
 * and the message's row and content are looked up in the PostgreSQL database itself, so that the
 * test cannot pass on the SQLite file by accident. Then a server is killed with SIGKILL right
 * after an IMAP APPEND and an SMTP delivery were acknowledged and started again on the same
 * database: both messages are there once. The directory has no PostgreSQL setting (it is always
 * {@code directory.db}, SQLite, in the data folder) and stays there.
 */
class PostgresStoreClientsTest {

    static final String USER = "ann@example.test";
    static final String PASSWORD = "secret-ann";
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static Path data;
    static String storeUrl;
    static Started mail;

    /** A server for the class's first test: postern.yaml written before the user is added, so no command ever opens a SQLite store. */
    @BeforeAll
    static void startOnPostgresql() throws Exception {
        data = tmp.resolve("data");
        storeUrl = useNewPostgresStore(data, "server_store");
        TestMailboxes.createUser(data, USER, PASSWORD);
        mail = start(data);
    }

    @AfterAll
    static void stop() throws Exception {
        if (mail != null) {
            try {
                assertThat(mail.server().stop()).as("exit status of postern run").isIn(0, 143);
                assertThat(mail.server().errorsAfterStop()).doesNotContain("Exception");
            } finally {
                mail.server().close();
            }
        }
    }

    /** Writes a postern.yaml that puts the store in a new database of the test's PostgreSQL; returns its JDBC URL. */
    static String useNewPostgresStore(Path data, String name) throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("curl");
        ExternalTool.require("python3");
        String url = PostgresServer.shared().createDatabase(name);
        useStore(data, url, data.resolve("blobs"), "");
        return url;
    }

    /** Writes a postern.yaml whose store is the PostgreSQL database at {@code url} and the blob folder {@code blobs}, then {@code more}. */
    static void useStore(Path data, String url, Path blobs, String more) throws Exception {
        Files.createDirectories(data);
        Files.writeString(data.resolve("postern.yaml"), """
                store:
                  type: postgresql
                  url: %s
                  user: %s
                  blobs: %s
                """.formatted(url, PostgresServer.USER, blobs.toAbsolutePath()) + more);
    }

    static byte[] message(String subject) {
        return message(subject, 40);
    }

    static byte[] message(String subject, int lines) {
        StringBuilder text = new StringBuilder("From: <someone@elsewhere.example>\r\nTo: <" + USER + ">\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.replace(' ', '.') + "@elsewhere.example>\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\n\r\n");
        for (int i = 0; i < lines; i++) {
            text.append(String.format("%04d ", i)).append("kept in PostgreSQL, read back unchanged 0123456789\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void aMessageDeliveredBySwaksIsReadBackByImaplibAndCurlFromThePostgresqlStore() throws Exception {
        byte[] sent = message("delivered to postgresql");
        swaks(tmp, mail.offset(), sent);

        byte[] viaImap = awaitImapMessage(mail.offset(), "delivered to postgresql");
        assertThat(new String(viaImap, StandardCharsets.US_ASCII))
                .startsWith("Return-Path: <someone@elsewhere.example>")
                .endsWith(new String(sent, StandardCharsets.US_ASCII));

        Path viaPop3s = tmp.resolve("curl-pop3s.eml");
        ExternalTool.Result pop3 = ExternalTool.run(List.of("curl", "-sS", "-k", "--login-options", "AUTH=PLAIN",
                "-u", USER + ":" + PASSWORD, "-o", viaPop3s.toString(), "pop3s://127.0.0.1:" + (995 + mail.offset()) + "/1"),
                TIMEOUT);
        assertThat(pop3.exit()).as("%s", pop3).isZero();
        assertThat(Files.readAllBytes(viaPop3s)).as("curl pop3s:// RETR 1").isEqualTo(viaImap);

        assertThat(storedContents(storeUrl)).as("the contents of store_message's rows in PostgreSQL")
                .containsExactly(viaImap);
        assertThat(data.resolve("store.db")).as("no SQLite store beside the PostgreSQL one").doesNotExist();
    }

    @Test
    void nothingAcknowledgedIsLostWhenTheServerIsKilledAndStartedAgainOnTheSameDatabase() throws Exception {
        Path killed = tmp.resolve("killed");
        String url = useNewPostgresStore(killed, "server_store_killed");
        TestMailboxes.createUser(killed, USER, PASSWORD);
        byte[] appended = message("appended before the kill");
        byte[] delivered = message("delivered before the kill");
        Path appendFile = Files.write(tmp.resolve("append.eml"), appended);

        Started first = start(killed);
        try {
            int offset = first.offset();
            ExternalTool.Result append = ExternalTool.run(List.of("python3", script("/imap/one_message.py"),
                    Integer.toString(993 + offset), USER, PASSWORD, "append", appendFile.toString()), TIMEOUT);
            assertThat(append.exit()).as("%s", append).isZero();
            swaks(tmp, offset, delivered); // the 250 after DATA: the hub has it
        } finally {
            first.server().process().destroyForcibly(); // SIGKILL, right after the acknowledgements
            assertThat(first.server().process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(first.server().process().exitValue()).as("killed by SIGKILL").isEqualTo(137);

        Started second = start(killed);
        try {
            assertThat(awaitImapMessage(second.offset(), "appended before the kill")).as("the APPENDed octets").isEqualTo(appended);
            assertThat(new String(awaitImapMessage(second.offset(), "delivered before the kill"), StandardCharsets.US_ASCII))
                    .endsWith(new String(delivered, StandardCharsets.US_ASCII));
            assertThat(TestMailboxes.imapSubjects(993 + second.offset(), "ann", Optional.empty()))
                    .as("each message once").containsExactlyInAnyOrder("appended before the kill", "delivered before the kill");
            assertThat(storedContents(url)).hasSize(2);
            assertThat(killed.resolve("store.db")).as("no SQLite store beside the PostgreSQL one").doesNotExist();
            assertThat(second.server().stop()).as("exit status of postern run").isIn(0, 143);
        } finally {
            second.server().close();
        }
    }

    /**
     * Scaled out: two {@code postern run --roles mailbox,cas}, each on its own data folder, on one
     * PostgreSQL store and one blob folder, at different port offsets. An IMAP session IDLE on one hears of a message APPENDed
     * through the other: the other process's change reaches it by the session's own look at the
     * store every ImapLimits.fallbackPoll (30 s, not configurable), so the wait is bounded at
     * 45 s. A flag set through the other is seen by NOOP and by FETCH.
     */
    @Test
    void twoMailboxServersOnOnePostgresqlStoreSeeEachOthersAppendsAndFlags() throws Exception {
        // One server per data folder (it is locked): each has its own folder, with its own
        // embedded directory (SQLite, no PostgreSQL setting) holding the user, and both the same
        // store: the PostgreSQL database and one blob folder.
        Path blobs = Files.createDirectories(tmp.resolve("two-blobs"));
        Path dataA = tmp.resolve("two-a");
        Path dataB = tmp.resolve("two-b");
        String url = PostgresServer.shared().createDatabase("server_store_two");
        for (Path data : List.of(dataA, dataB)) {
            useStore(data, url, blobs, "imap: {store_poll: 1s}\n");
            TestMailboxes.createUser(data, USER, PASSWORD);
        }
        Started a = start(dataA, "--roles", "mailbox,cas");
        Started b = null;
        try {
            b = start(dataB, "--roles", "mailbox,cas");
            Path out = tmp.resolve("two-servers.json");
            ExternalTool.Result r = ExternalTool.run(List.of("python3", script("/imap/two_servers.py"),
                    Integer.toString(993 + a.offset()), Integer.toString(993 + b.offset()), USER, PASSWORD, "45",
                    out.toString()), Duration.ofSeconds(180));
            assertThat(r.exit()).as("%s", r).isZero();
            JsonNode seen = new ObjectMapper().readTree(out.toFile());
            String uid = seen.get("appended_uid").asText();
            assertThat(seen.get("idle_continuation").asText()).as("%s", seen).startsWith("+");
            assertThat(seen.get("idle_untagged").asText()).as("%s", seen).matches("\\* 1 EXISTS");
            System.out.printf("IDLE on one server heard of the APPEND through the other after %.1f s%n",
                    seen.get("idle_seconds").asDouble());
            assertThat(seen.get("idle_seconds").asDouble()).as("seconds, with imap.store_poll 1s").isLessThan(20);
            List<String> noop = new ArrayList<>();
            seen.get("a_noop").forEach(line -> noop.add(line.asText()));
            assertThat(noop).as("%s", seen).anyMatch(line -> line.matches("\\* 1 FETCH \\(.*\\\\Flagged.*"));
            assertThat(seen.get("a_fetch_flags").toString()).as("%s", seen).contains("UID " + uid).contains("Flagged");
            assertThat(storedContents(url)).as("inline contents").hasSize(1);

            // a content over the inline limit (128 KiB) is a file of the shared blob folder:
            // APPENDed through b, read whole through a
            byte[] large = message("large across servers", 3000);
            assertThat(large.length).isGreaterThan(128 * 1024);
            Path largeFile = Files.write(tmp.resolve("large.eml"), large);
            ExternalTool.Result append = ExternalTool.run(List.of("python3", script("/imap/one_message.py"),
                    Integer.toString(993 + b.offset()), USER, PASSWORD, "append", largeFile.toString()), TIMEOUT);
            assertThat(append.exit()).as("%s", append).isZero();
            assertThat(awaitImapMessage(a.offset(), "large across servers")).as("the large message read through a")
                    .isEqualTo(large);
            try (Stream<Path> files = Files.walk(blobs)) {
                assertThat(files.filter(Files::isRegularFile).toList()).as("files in the shared blob folder").hasSize(1);
            }
            assertThat(dataA.resolve("store.db")).as("no SQLite store beside the PostgreSQL one").doesNotExist();
            assertThat(dataB.resolve("store.db")).as("no SQLite store beside the PostgreSQL one").doesNotExist();
        } finally {
            RunningServer.stopAll(a.server(), b == null ? null : b.server());
        }
    }

    /** A server started on the data folder, with the port offset it listens at. */
    private record Started(RunningServer server, int offset) {
    }

    /** Starts {@code postern run} (hub, mailbox, cas unless {@code more} says other roles) at a free port offset; another offset when one was taken meanwhile, as OneUserServer does. */
    private static Started start(Path data, String... more) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int offset = FreePorts.offset();
            List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--port-offset", Integer.toString(offset)));
            args.addAll(List.of(more));
            try {
                return new Started(RunningServer.start(args.toArray(String[]::new)), offset);
            } catch (AssertionError e) {
                if (attempt == 5 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    private static void swaks(Path tmp, int offset, byte[] message) throws Exception {
        // swaks ends the data with CRLF "." CRLF after what it was given: the message's own last
        // CRLF is left out of the file, or it would arrive with an empty line more.
        Path file = Files.createTempFile(tmp, "swaks-", ".eml");
        Files.write(file, Arrays.copyOf(message, message.length - 2));
        ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(25 + offset), "--from", "someone@elsewhere.example", "--to", USER,
                "--data", "@" + file), TIMEOUT);
        assertThat(sent.exit()).as("%s", sent).isZero();
    }

    /** The first message of the Inbox whose subject contains {@code subject}, as imaplib FETCHes it (waits for the delivery). */
    private static byte[] awaitImapMessage(int offset, String subject) throws Exception {
        Path file = Files.createTempFile(tmp, "imap-", ".eml");
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            ExternalTool.Result r = ExternalTool.run(List.of("python3", script("/imap/one_message.py"),
                    Integer.toString(993 + offset), USER, PASSWORD, "fetch", subject, file.toString()), TIMEOUT);
            if (r.exit() == 0) {
                return Files.readAllBytes(file);
            }
            assertThat(r.exit()).as("%s", r).isEqualTo(3);
            assertThat(Instant.now()).as("'%s' in the Inbox", subject).isBefore(deadline);
            Thread.sleep(300);
        }
    }

    /** The content of every message row of the store in PostgreSQL, in the order of the rows. */
    static List<byte[]> storedContents(String url) throws Exception {
        List<byte[]> contents = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USER, "");
             PreparedStatement s = c.prepareStatement("SELECT c.content FROM store_message m"
                     + " JOIN store_content c ON c.hash = m.blob_hash ORDER BY m.id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                contents.add(r.getBytes(1));
            }
        }
        return contents;
    }

    private static String script(String resource) throws Exception {
        return Path.of(PostgresStoreClientsTest.class.getResource(resource).toURI()).toString();
    }
}

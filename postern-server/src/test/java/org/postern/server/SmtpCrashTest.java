package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The hub under load, killed with SIGKILL several times: every message that was answered
 * {@code 250} is delivered exactly once, and nothing is half-stored.
 *
 * <p>A real {@code postern run} JVM ({@link SmtpCrashServer}) takes mail on port 25 from two
 * kinds of client at once, and is killed ({@code kill -9} of the JVM itself) {@value #KILLS}
 * times at random moments (seeded; the seed is printed), each time restarted on the same
 * data folder, while its delivery runner is still working through a backlog:
 * <ul>
 *   <li>Postfix's {@code smtp-source} (bulk load, {@value #SOURCE_SESSIONS} sessions, 10 KiB
 *       messages, two recipients per message, so a crash can fall between the two deliveries
 *       of one message). It prints no per-message ids, so it runs with {@code -v} and the
 *       test reads, from its transcript, every {@code 250 Ok: queued as ID} reply to the
 *       final dot (HELO, so without enhanced codes): those queue ids are what was acknowledged. A killed server makes
 *       smtp-source stop (it exits on a lost connection), and a new one starts after the
 *       restart.</li>
 *   <li>{@link SmtpCrashLoad}, a small client written here for the accounting: each message
 *       carries its own {@code X-Crash-Id} and a body made from it, and the client records the
 *       ids it got {@code 250} for, and those it sent without a reply.</li>
 * </ul>
 * After the last restart, more mail is sent to completion, the queue is drained (the running
 * server's {@code postern queue list} is empty), the server is stopped, and the data folder is
 * read from this JVM:
 * <ul>
 *   <li>every acknowledged {@code X-Crash-Id} is in its recipient's Inbox exactly once, and
 *       no id — acknowledged or not — is there twice;</li>
 *   <li>every acknowledged smtp-source queue id has a delivery record (the store's delivery
 *       key, queue id + recipient) in both recipients' mailboxes, each naming a message that
 *       is there; each bulk Inbox holds exactly one message per delivery record, and no two
 *       with the same {@code Received … id} (the hub's per-transaction trace id) — so none
 *       was appended twice;</li>
 *   <li>nothing is half-stored: every message in every Inbox is read whole from its blob, its
 *       size is the stored size, a load message's body is exactly the body that was sent
 *       and every smtp-source message has the same body as the first.</li>
 * </ul>
 * What this does not prove: that the messages smtp-source sent and got no reply for were
 * delivered or not (either is allowed; SMTP clients send them again); it checks them only for
 * duplicates and completeness. The kill moments are random, not exhaustive: a window of a few
 * instructions (say between a store commit and the queue's record of it) is hit by chance,
 * which is why the queue's own crash test and the delivery key's unit tests exist too.
 */
class SmtpCrashTest {

    static final int KILLS = 4;
    static final int SOURCE_SESSIONS = 3;
    static final int LOAD_THREADS = 3;
    static final int LENGTH = 10240;
    static final List<String> LOAD_USERS = List.of("alice@example.test", "bob@example.test", "carol@example.test");
    /** What {@code smtp-source -r 2 -t bulk@example.test} sends to: the second recipient gets a number. */
    static final List<String> BULK_USERS = List.of("bulk@example.test", "2bulk@example.test");

    private static final Pattern QUEUED = Pattern.compile("<<< 250 (?:2\\.0\\.0 )?Ok: queued as ([0-9A-Z]+)");
    private static final Pattern CRASH_ID = Pattern.compile("(?m)^X-Crash-Id: (\\S+)$");
    private static final Pattern RECEIVED_ID = Pattern.compile("\\(Postern\\) with \\S+ id (\\S+)");

    @TempDir
    Path tmp;

    private String data;
    private int port;

    @Test
    void everyAcknowledgedMessageIsDeliveredExactlyOnceAcrossKills() throws Exception {
        ExternalTool.require("smtp-source");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        System.out.println("SmtpCrashTest seed " + seed);
        data = tmp.resolve("data").toString();
        int offset = FreePorts.offset();
        port = 25 + offset;
        admin(null, "domain", "add", "example.test");
        for (String user : concat(LOAD_USERS, BULK_USERS)) {
            admin("secret\n", "user", "add", user, "--password-stdin");
        }

        Set<String> sourceAcks = new HashSet<>();
        SmtpCrashServer server = SmtpCrashServer.start(tmp, data, offset, 0);
        SmtpCrashLoad load = new SmtpCrashLoad(port, LOAD_USERS, "crash", LOAD_THREADS, Integer.MAX_VALUE);
        try {
            for (int round = 0; round < KILLS; round++) {
                Process source = smtpSource(round, 1_000_000);
                // Killed mid-traffic: once this round's smtp-source has had some mail accepted (a
                // restarted JVM on a busy machine may take seconds to get there), then at a
                // random moment. A fixed pause alone could end a round before any mail got through.
                awaitAcknowledged(round, 10, source);
                long millis = random.nextInt(2_500);
                Thread.sleep(millis);
                server.kill();
                System.out.println("SmtpCrashTest: killed the server (pid " + server.pid() + ") " + millis
                        + " ms after 10 acknowledgements of round " + round);
                assertThat(source.waitFor(60, TimeUnit.SECONDS)).as("smtp-source ends when the server dies").isTrue();
                sourceAcks.addAll(acknowledged(round));
                server = SmtpCrashServer.start(tmp, data, offset, round + 1);
            }
            load.close();
            // after the last restart: more mail, each client to its end
            SmtpCrashLoad last = new SmtpCrashLoad(port, LOAD_USERS, "final", LOAD_THREADS, 20);
            Process source = smtpSource(KILLS, 100);
            assertThat(source.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(source.exitValue()).as("smtp-source after the last restart:\n%s", transcriptTail(KILLS)).isZero();
            List<String> finalAcks = acknowledged(KILLS);
            assertThat(finalAcks).hasSize(100);
            sourceAcks.addAll(finalAcks);
            last.awaitFinished(120_000);
            last.close();
            assertThat(last.acknowledged()).hasSize(LOAD_THREADS * 20);
            awaitEmptyQueue(server);
            assertThat(server.stop()).isIn(0, 143);

            Map<String, String> loadAcks = new HashMap<>(load.acknowledged());
            loadAcks.putAll(last.acknowledged());
            Set<String> loadUnanswered = new HashSet<>(load.unanswered());
            loadUnanswered.addAll(last.unanswered());
            System.out.printf("SmtpCrashTest: %d smtp-source messages and %d load messages acknowledged; %d load messages"
                    + " without a reply; %d refused%n", sourceAcks.size(), loadAcks.size(), loadUnanswered.size(), load.refused());
            assertThat(sourceAcks.size()).as("smtp-source got mail through before the kills").isGreaterThan(100 + KILLS * 10);
            verifyLoadMessages(loadAcks, loadUnanswered);
            verifyBulkMessages(sourceAcks);
        } finally {
            load.close();
            server.kill();
        }
    }

    /** Starts smtp-source against the server, its transcript (-v) into a file of the round. */
    private Process smtpSource(int round, int messages) throws IOException {
        List<String> command = List.of(ExternalTool.require("smtp-source"), "-v", "-s", Integer.toString(SOURCE_SESSIONS),
                "-m", Integer.toString(messages), "-l", Integer.toString(LENGTH), "-r", "2", "-M", "source.example",
                "-f", "sender@elsewhere.example", "-t", "bulk@example.test", "127.0.0.1:" + port);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(transcript(round).toFile()).start();
    }

    private Path transcript(int round) {
        return tmp.resolve("smtp-source-" + round + ".log");
    }

    private String transcriptTail(int round) throws IOException {
        List<String> lines = Files.readAllLines(transcript(round), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    /** The queue ids of smtp-source's messages answered 250 after the dot, from its transcript. */
    private List<String> acknowledged(int round) throws IOException {
        List<String> ids = new ArrayList<>();
        Matcher m = QUEUED.matcher(Files.readString(transcript(round), StandardCharsets.UTF_8));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Waits until smtp-source's transcript of the round shows at least {@code count} messages acknowledged. */
    private void awaitAcknowledged(int round, int count, Process source) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (acknowledged(round).size() < count) {
            if (!source.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("smtp-source had fewer than " + count + " messages acknowledged in round " + round
                        + ":\n" + transcriptTail(round));
            }
            Thread.sleep(50);
        }
    }

    private void awaitEmptyQueue(SmtpCrashServer server) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (true) {
            Result list = PosternProcess.call(null, "queue", "list", "--data", data);
            assertThat(list.exitStatus()).as("%s", list).isZero();
            if (list.out().isBlank()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the queue is not empty after 120 s:\n" + list.out().lines().limit(20).toList()
                        + "\n" + server.output().lines().filter(l -> l.contains("WARN") || l.contains("ERROR")).limit(20).toList());
            }
            Thread.sleep(200);
        }
    }

    /** Every acknowledged load message once in its Inbox, whole; no load message twice. */
    private void verifyLoadMessages(Map<String, String> acknowledged, Set<String> unanswered) throws Exception {
        Map<String, Integer> seen = new TreeMap<>();
        Map<String, String> where = new HashMap<>();
        for (String user : LOAD_USERS) {
            for (byte[] message : inbox(user)) {
                String text = new String(message, StandardCharsets.US_ASCII);
                Matcher m = CRASH_ID.matcher(text);
                assertThat(m.find()).as("a load message without its X-Crash-Id in %s:\n%s", user, head(text)).isTrue();
                String id = m.group(1);
                seen.merge(id, 1, Integer::sum);
                where.put(id, user);
                assertThat(text).as("message %s is whole", id).endsWith("\r\n\r\n" + SmtpCrashLoad.body(id));
            }
        }
        assertThat(seen).as("load messages delivered more than once").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        Set<String> missing = new HashSet<>(acknowledged.keySet());
        missing.removeAll(seen.keySet());
        assertThat(missing).as("acknowledged load messages missing from their Inbox").isEmpty();
        acknowledged.forEach((id, user) -> assertThat(where.get(id)).as("Inbox of %s", id).isEqualTo(user));
        Set<String> unexplained = new HashSet<>(seen.keySet());
        unexplained.removeAll(acknowledged.keySet());
        unexplained.removeAll(unanswered);
        assertThat(unexplained).as("delivered load messages that were refused or never sent").isEmpty();
    }

    /** Every acknowledged smtp-source queue id delivered to both bulk users; no duplicate; nothing half-stored. */
    private void verifyBulkMessages(Set<String> acknowledged) throws Exception {
        Map<String, Map<String, Long>> deliveries = deliveryRecords();
        String body = null;
        for (String user : BULK_USERS) {
            Map<String, Long> byQueueId = deliveries.getOrDefault(user, Map.of());
            Set<String> missing = new HashSet<>(acknowledged);
            missing.removeAll(byQueueId.keySet());
            assertThat(missing).as("acknowledged smtp-source messages not delivered to %s", user).isEmpty();

            List<byte[]> messages = inbox(user);
            assertThat(messages).as("one message per delivery record in %s", user).hasSize(byQueueId.size());
            Set<Long> uids = new HashSet<>(byQueueId.values());
            assertThat(uids).as("delivery records of %s name distinct messages", user).hasSize(byQueueId.size());
            Set<String> traceIds = new HashSet<>();
            for (byte[] message : messages) {
                String text = new String(message, StandardCharsets.US_ASCII);
                Matcher m = RECEIVED_ID.matcher(text);
                assertThat(m.find()).as("the hub's Received field in %s", head(text)).isTrue();
                assertThat(traceIds.add(m.group(1))).as("transaction %s delivered twice to %s", m.group(1), user).isTrue();
                int end = text.indexOf("\r\n\r\n");
                assertThat(end).as("a header block ends").isPositive();
                String thisBody = text.substring(end + 4);
                assertThat(thisBody.length()).as("smtp-source's payload").isGreaterThanOrEqualTo(LENGTH);
                if (body == null) {
                    body = thisBody;
                }
                assertThat(thisBody).as("every smtp-source body whole (message %s)", m.group(1)).isEqualTo(body);
            }
        }
    }

    /**
     * The store's delivery records, by owner and queue id, each with its message's UID — checked
     * to exist in the Inbox as the records say.
     */
    private Map<String, Map<String, Long>> deliveryRecords() throws Exception {
        Map<String, Map<String, Long>> out = new HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + Path.of(data, "store.db"));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT d.delivery_key, d.uid, (SELECT count(*) FROM store_message m"
                     + " WHERE m.folder_id = d.folder_id AND m.uid = d.uid) FROM store_delivery d")) {
            while (r.next()) {
                String[] key = r.getString(1).split("\n", 2);
                assertThat(r.getLong(3)).as("the message of delivery record %s exists", key[0]).isEqualTo(1);
                Long previous = out.computeIfAbsent(key[1], k -> new HashMap<>()).put(key[0], r.getLong(2));
                assertThat(previous).as("one delivery record per queue id and owner").isNull();
            }
        }
        return out;
    }

    /** Every message of the owner's Inbox, read whole; its size must be the stored size. */
    private List<byte[]> inbox(String owner) throws Exception {
        List<byte[]> found = new ArrayList<>();
        try (Foundation f = Foundation.open(new DataFolder(Path.of(data), null), PosternConfig.defaults())) {
            Folder inbox = f.store().findFolder(EmailAddress.parse(owner), SpecialUse.INBOX).orElseThrow();
            for (MessageMetadata m : f.store().fetch(inbox.id(), UidSet.all())) {
                try (InputStream in = f.store().openContent(inbox.id(), m.uid())) {
                    byte[] bytes = in.readAllBytes();
                    assertThat((long) bytes.length).as("size of %s UID %d", owner, m.uid()).isEqualTo(m.size());
                    found.add(bytes);
                }
            }
        }
        return found;
    }

    private void admin(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data));
        Result r = PosternProcess.call(stdin, all.toArray(String[]::new));
        assertThat(r.exitStatus()).as("%s", r).isZero();
    }

    private static String head(String text) {
        return text.substring(0, Math.min(600, text.length()));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

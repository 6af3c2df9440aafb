package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * Hub and mailbox in separate processes (issue 5, "Server to server"; reference row
 * hub-mailbox-delivery): {@code postern run --roles hub} and {@code postern run --roles
 * mailbox,cas}, two data folders and offsets, one private MIT realm. swaks gives the hub a
 * message for alice; the hub delivers it by LMTP (STARTTLS, AUTH GSSAPI as its host/ principal)
 * to the mailbox process, and Python's imaplib reads it there. LMTP without Kerberos (swaks
 * speaking LMTP under TLS) may deliver nothing. The other way (mailbox-hub-submission): alice's
 * out-of-office reply (RFC 3834) leaves the mailbox process by SMTP submission to the hub (STARTTLS,
 * AUTH GSSAPI as host/mb.example.test) and comes back by LMTP into bob's and carol's mailboxes.
 */
class LmtpMailboxServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static MitKdc kdc;
    static RunningServer hub;
    static RunningServer mailbox;
    static String dataHub;
    static String dataMailbox;
    static int offsetHub;
    static int offsetMailbox;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("python3");
        kdc = MitKdc.start(tmp.resolve("mit"), "EXAMPLE.TEST");
        Path hubKeytab = tmp.resolve("hub.keytab");
        Path mailboxKeytab = tmp.resolve("mailbox.keytab");
        kdc.addServices("hub.example.test", hubKeytab, "smtp", "host");
        kdc.addServices("mb.example.test", mailboxKeytab, "smtp", "imap", "pop", "host");
        dataHub = tmp.resolve("hub").toString();
        dataMailbox = tmp.resolve("mailbox").toString();
        offsetMailbox = FreePorts.offset();
        do {
            offsetHub = FreePorts.offset();
        } while (Math.abs(offsetHub - offsetMailbox) < 9000);

        Files.createDirectories(Path.of(dataMailbox));
        Files.writeString(Path.of(dataMailbox, "postern.yaml"), """
                hostname: mb.example.test
                roles: [mailbox, cas]
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                transport:
                  hub_server: {host: 127.0.0.1, port: %d}
                """.formatted(kdc.kdc(), mailboxKeytab, 587 + offsetHub));
        Files.createDirectories(Path.of(dataHub));
        Files.writeString(Path.of(dataHub, "postern.yaml"), """
                hostname: hub.example.test
                roles: [hub]
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                transport:
                  mailbox_server: {host: 127.0.0.1, port: %d}
                  retry: {backoff: [2s], expiry: 1h, delay_notice: 1h}
                """.formatted(kdc.kdc(), hubKeytab, 24 + offsetMailbox));
        for (String data : List.of(dataMailbox, dataHub)) {
            TestMailboxes.addExampleUsers(Path.of(data), "alice", "bob", "carol");
        }
        Result away = PosternProcess.call(null, "user", "auto-reply", "alice@example.test", "--text", "I am away.",
                "--data", dataMailbox);
        assertThat(away.exitStatus()).as("%s", away).isZero();
        mailbox = RunningServer.start("--data", dataMailbox, "--port-offset", Integer.toString(offsetMailbox));
        hub = RunningServer.start("--data", dataHub, "--port-offset", Integer.toString(offsetHub));
    }

    @AfterAll
    static void stop() throws Exception {
        RunningServer.stopAll(hub, mailbox, kdc);
    }

    /** imaplib on the mailbox process: the Inbox messages whose subject matches, whole. */
    static String imapRead(String subject) throws Exception {
        return imapRead("alice", subject);
    }

    /** imaplib on the mailbox process, signed in as this local part of example.test. */
    static String imapRead(String user, String subject) throws Exception {
        return TestMailboxes.imapInbox(993 + offsetMailbox, user, Optional.of(subject));
    }

    @Test
    void aMessageToTheHubIsDeliveredByLmtpAndReadWithImapFromTheMailboxProcess() throws Exception {
        ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(25 + offsetHub), "-tls", "--from", "bob@elsewhere.test", "--to", "alice@example.test",
                "--header", "Subject: over-lmtp", "--body", "Delivered by LMTP."), TIMEOUT);
        assertThat(sent.exit()).as("%s", sent).isZero();
        Instant deadline = Instant.now().plus(TIMEOUT);
        String found = imapRead("over-lmtp");
        while (!found.contains("Delivered by LMTP.") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            found = imapRead("over-lmtp");
        }
        assertThat(found).contains("Return-Path: <bob@elsewhere.test>").contains("Subject: over-lmtp")
                .contains("Delivered by LMTP.");
        assertThat(found.split("=====").length - 1).as("exactly once").isEqualTo(1);
        assertThat(kdc.log()).contains("host/hub.example.test@EXAMPLE.TEST for smtp/mb.example.test@EXAMPLE.TEST");
        Result queue = PosternProcess.call(null, "queue", "list", "--data", dataHub);
        assertThat(queue.out()).doesNotContain("alice@example.test");
    }

    /**
     * Storage quotas across the two processes (ADR 0023): the mailbox server refuses dave's copy
     * {@code 552 5.2.2} when the message would pass his limit (after DATA) and when his mailbox
     * is full (at RCPT); the hub takes either as a permanent failure and returns a DSN to the
     * sender (erin), while bob, the other recipient of the same message, gets it both times.
     */
    @Test
    void aRecipientOverQuotaOnTheMailboxServerIsRefusedForGoodAndTheOtherRecipientGetsTheMessage() throws Exception {
        for (String data : List.of(dataMailbox, dataHub)) {
            TestMailboxes.addUser(Path.of(data), "dave@example.test", "secret-dave");
            TestMailboxes.addUser(Path.of(data), "erin@example.test", "secret-erin"); // the sender: the DSNs come back to her
        }
        Result limit = PosternProcess.call(null, "user", "quota", "dave@example.test", "--limit", "6KiB", "--data", dataMailbox);
        assertThat(limit.out()).as("%s", limit).contains("0 B used of 6 KiB");
        String body = ("x".repeat(70) + "\n").repeat(120); // about 8.5 KiB: more than dave's 6 KiB
        for (String subject : List.of("quota-after-data", "quota-at-rcpt")) {
            if (subject.equals("quota-at-rcpt")) { // full: not one more octet fits
                assertThat(PosternProcess.call(null, "user", "quota", "dave@example.test", "--limit", "0", "--data", dataMailbox)
                        .exitStatus()).isZero();
                body = "A short one.";
            }
            ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                    Integer.toString(25 + offsetHub), "-tls", "--from", "erin@example.test", "--to",
                    "dave@example.test,bob@example.test", "--header", "Subject: " + subject, "--body", body,
                    "--suppress-data"), TIMEOUT);
            assertThat(sent.exit()).as("%s", sent).isZero();
            awaitMessage("bob", subject, "Return-Path: <erin@example.test>");
            String report = awaitMessage("erin", "Undelivered", "Subject: " + subject);
            String dsn = java.util.Arrays.stream(report.split("\n=====\n")).filter(m -> m.contains("Subject: " + subject))
                    .findFirst().orElseThrow();
            assertThat(dsn).contains("Final-Recipient: rfc822; dave@example.test").contains("Status: 5.2.2")
                    .contains("552 5.2.2").doesNotContain("Final-Recipient: rfc822; bob@example.test");
        }
        Result usage = PosternProcess.call(null, "user", "quota", "dave@example.test", "--data", dataMailbox);
        assertThat(usage.out()).as("%s", usage).contains("0 B used of 0 B");
    }

    /** swaks to the hub's port 25 from {@code from} to alice, with extra header fields. */
    static void sendToAlice(String from, String subject, String... headers) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(25 + offsetHub), "-tls", "--from", from, "--to", "alice@example.test",
                "--header", "Subject: " + subject, "--header", "Message-Id: <" + subject + "@example.test>",
                "--body", "Are you there?"));
        for (String h : headers) {
            command.addAll(List.of("--header", h));
        }
        ExternalTool.Result sent = ExternalTool.run(command, TIMEOUT);
        assertThat(sent.exit()).as("%s", sent).isZero();
    }

    /** Polls imaplib until the user's Inbox has a message with that subject containing {@code text}. */
    static String awaitMessage(String user, String subject, String text) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        String found = imapRead(user, subject);
        while (!found.contains(text) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            found = imapRead(user, subject);
        }
        assertThat(found).as("%s's Inbox, subject %s", user, subject).contains(text);
        return found;
    }

    @Test
    void anOutOfOfficeReplyIsSubmittedToTheHubWithKerberosOncePerSenderAndNeverToAutomaticMail() throws Exception {
        sendToAlice("bob@example.test", "ooo-first");
        String reply = awaitMessage("bob", "Auto: ooo-first", "I am away.");
        assertThat(reply).contains("Return-Path: <>").contains("Auto-Submitted: auto-replied")
                .contains("In-Reply-To: <ooo-first@example.test>").contains("References: <ooo-first@example.test>")
                .contains("From: <alice@example.test>")
                // the hub took it on 587 from the mailbox server's host/ principal
                .contains("host/mb.example.test@EXAMPLE.TEST");
        assertThat(kdc.log()).contains("host/mb.example.test@EXAMPLE.TEST for smtp/hub.example.test@EXAMPLE.TEST");
        Result tracked = PosternProcess.call(null, "track", "--recipient", "bob@example.test", "--data", dataHub);
        assertThat(tracked.out()).as("%s", tracked).containsPattern(
                "SUBMIT\t[^\n]*\t<>\tbob@example.test\tSMTP [0-9.]+ as host/mb.example.test@EXAMPLE.TEST -> hub.example.test");

        // the same sender again within the period: no second reply
        sendToAlice("bob@example.test", "ooo-second");
        awaitMessage("alice", "ooo-second", "Are you there?");
        // carol's automatic, list and blind-copy messages get none; her ordinary one after them gets one
        // (so none of those took the one reply per period)
        sendToAlice("carol@example.test", "ooo-automatic", "Auto-Submitted: auto-generated");
        awaitMessage("alice", "ooo-automatic", "Are you there?");
        sendToAlice("carol@example.test", "ooo-list", "List-Id: <team.example.test>");
        awaitMessage("alice", "ooo-list", "Are you there?");
        sendToAlice("carol@example.test", "ooo-bcc", "To: team@example.test"); // alice only a blind copy
        awaitMessage("alice", "ooo-bcc", "Are you there?");
        sendToAlice("carol@example.test", "ooo-plain");
        awaitMessage("carol", "Auto: ooo-plain", "I am away.");
        assertThat(imapRead("carol", "Auto:")).doesNotContain("ooo-automatic").doesNotContain("ooo-list")
                .doesNotContain("ooo-bcc");
        assertThat(imapRead("bob", "Auto:").split("=====").length - 1).as("replies to bob").isEqualTo(1);
    }

    /** smtplib to the hub's port 25 under STARTTLS: {@code count} messages to the user on one SMTP connection. */
    static void sendMany(String user, String prefix, int count) throws Exception {
        String script = """
                import smtplib, ssl, sys
                from email.message import EmailMessage
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=60)
                s.starttls(context=ctx)
                for i in range(int(sys.argv[4])):
                    m = EmailMessage()
                    m['From'] = 'dave@elsewhere.test'
                    m['To'] = sys.argv[2] + '@example.test'
                    m['Subject'] = '%s-%03d' % (sys.argv[3], i)
                    m.set_content('Message %d of a series.' % i)
                    s.send_message(m)
                s.quit()
                """;
        ExternalTool.Result r = ExternalTool.run(List.of("python3", "-c", script, Integer.toString(25 + offsetHub), user,
                prefix, Integer.toString(count)), TIMEOUT);
        assertThat(r.exit()).as("%s", r).isZero();
    }

    /** imaplib on the mailbox process: the Subject of every Inbox message whose subject contains the prefix, one per message. */
    static List<String> imapSubjects(String user, String prefix) throws Exception {
        return TestMailboxes.imapSubjects(993 + offsetMailbox, user, Optional.of(prefix));
    }

    /** Polls imaplib until the user's Inbox holds at least {@code count} messages of the series (or the time is up). */
    static List<String> awaitSeries(String user, String prefix, int count, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        List<String> found = imapSubjects(user, prefix);
        while (found.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(1000);
            found = imapSubjects(user, prefix);
        }
        return found;
    }

    /** The subjects of a series of {@code count}, each once. */
    static List<String> series(String prefix, int count) {
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> "%s-%03d".formatted(prefix, i)).toList();
    }

    /** How many times the mailbox process has logged the hub's AUTH GSSAPI (once per LMTP connection: AUTH comes once, after STARTTLS). */
    static long hubLogins() {
        return mailbox.errors().lines()
                .filter(l -> l.contains("authenticated: ") && l.contains("mechanism=GSSAPI server=host/hub.example.test@EXAMPLE.TEST"))
                .count();
    }

    @Test
    void severalMessagesShareAnAuthenticatedLmtpConnection() throws Exception {
        int count = 40;
        long before = hubLogins();
        sendMany("bob", "reuse", count);
        List<String> found = awaitSeries("bob", "reuse", count, Duration.ofSeconds(120));
        assertThat(found).as("each message once").containsExactlyInAnyOrderElementsOf(series("reuse", count));
        long logins = hubLogins() - before;
        // one connection (STARTTLS + AUTH GSSAPI) per concurrent delivery at most, not one per message; none at all
        // when a connection kept from the test before (within its idle time) carries them
        assertThat(logins).as("LMTP connections for %d messages:%n%s", count, mailbox.errors()).isLessThanOrEqualTo(count / 2L);
    }

    @Test
    void aMailboxProcessKilledAndRestartedBetweenMessagesGetsEveryMessageOnce() throws Exception {
        sendMany("carol", "before-kill", 10);
        assertThat(awaitSeries("carol", "before-kill", 10, Duration.ofSeconds(120))).hasSize(10);
        // the next series is under way when the mailbox process is killed: the hub holds connections to it,
        // maybe in the middle of a transaction whose copy was stored and whose reply is lost
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                sendMany("carol", "across-kill", 20);
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        assertThat(awaitSeries("carol", "across-kill", 1, Duration.ofSeconds(120))).isNotEmpty();
        mailbox.close(); // SIGKILL
        sender.join();
        assertThat(failed.get()).isNull();
        mailbox = RunningServer.start("--data", dataMailbox, "--port-offset", Integer.toString(offsetMailbox));
        sendMany("carol", "after-kill", 5);
        assertThat(awaitSeries("carol", "across-kill", 20, Duration.ofSeconds(180))).as("each message once")
                .containsExactlyInAnyOrderElementsOf(series("across-kill", 20));
        assertThat(awaitSeries("carol", "after-kill", 5, Duration.ofSeconds(120))).as("each message once")
                .containsExactlyInAnyOrderElementsOf(series("after-kill", 5));
        assertThat(imapSubjects("carol", "before-kill")).containsExactlyInAnyOrderElementsOf(series("before-kill", 10));
    }

    @Test
    void theMailboxProcessDeclaresMailboxHubSubmissionAsSmtpWithKerberosOverTls() throws Exception {
        Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", dataMailbox);
        assertThat(r.exitStatus()).as("%s", r).isZero();
        JsonNode row = null;
        for (JsonNode n : JSON.readTree(r.out())) {
            if (n.get("id").asText().equals("mailbox-hub-submission")) {
                row = n;
            }
        }
        assertThat(row).as("mailbox-hub-submission in %s", r.out()).isNotNull();
        assertThat(row.get("carrier").asText()).isEqualTo("network");
        assertThat(row.get("default_auth").toString()).contains("kerberos");
        assertThat(row.get("encryption").asText()).isEqualTo("tls");
        assertThat(ReferenceTable.load().differences(row)).isEmpty();
    }

    @Test
    void lmtpWithoutKerberosDeliversNothing() throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of("swaks", "--protocol", "LMTP", "--server", "127.0.0.1", "--port",
                Integer.toString(24 + offsetMailbox), "-tls", "--from", "eve@elsewhere.test", "--to", "alice@example.test",
                "--header", "Subject: forged-lmtp"), TIMEOUT);
        assertThat(r.exit()).as("%s", r).isNotZero();
        assertThat(r.out()).contains("LHLO").contains("530 5.7.0");
        assertThat(imapRead("forged-lmtp")).doesNotContain("forged-lmtp");
    }

    @Test
    void bothProcessesDeclareHubMailboxDeliveryAsLmtpWithKerberosOverTls() throws Exception {
        for (String data : List.of(dataHub, dataMailbox)) {
            Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data);
            assertThat(r.exitStatus()).as("%s", r).isZero();
            JsonNode row = null;
            for (JsonNode n : JSON.readTree(r.out())) {
                if (n.get("id").asText().equals("hub-mailbox-delivery")) {
                    row = n;
                }
            }
            assertThat(row).as("hub-mailbox-delivery in %s", r.out()).isNotNull();
            assertThat(row.get("carrier").asText()).isEqualTo("network");
            assertThat(row.get("default_auth").toString()).contains("kerberos");
            assertThat(row.get("encryption").asText()).isEqualTo("tls");
            assertThat(ReferenceTable.load().differences(row)).isEmpty();
        }
        assertThat(mailbox.output()).contains("LMTP (STARTTLS, AUTH GSSAPI by hubs of the organisation only) on 0.0.0.0:"
                + (24 + offsetMailbox));
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * What a running hub keeps in memory about its deliveries must not outlive a change the
 * administrator makes with the command line (another process on the same data folder) while
 * it runs: an out-of-office reply turned on and off, a mailbox removed and made again. Mail goes
 * in by swaks on port 25; mailboxes are read with Python's imaplib over IMAPS.
 */
class ChangesWhileDeliveringTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void anOutOfOfficeReplySetOrClearedByTheCommandLineIsHonouredByTheNextDelivery() throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("python3");
        String data = tmp.resolve("data").toString();
        int offset = FreePorts.offset();
        TestMailboxes.addExampleUsers(Path.of(data), "alice", "erin", "frank");
        try (RunningServer server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset),
                "--roles", "hub,mailbox,cas")) {
            // off: delivered, and nobody answered (the server has now asked about alice's reply)
            send(offset, "erin", "alice", "first");
            awaitSubjects(offset, "alice", s -> s.contains("first"));

            admin(data, "user", "auto-reply", "alice@example.test", "--text", "Back on Monday.");
            send(offset, "erin", "alice", "second");
            List<String> erins = awaitSubjects(offset, "erin", s -> s.contains("Auto: second"));
            assertThat(erins).containsExactly("Auto: second"); // none for "first", sent while it was off

            admin(data, "user", "auto-reply", "alice@example.test", "--off");
            send(offset, "frank", "alice", "third");
            awaitSubjects(offset, "alice", s -> s.contains("third"));
            awaitEmptyQueue(data); // a reply, had one been made, is submitted at delivery and queued
            Thread.sleep(2_000);
            awaitEmptyQueue(data);
            assertThat(subjects(offset, "frank")).as("frank was answered after the reply was turned off").isEmpty();
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    @Test
    void aMailboxRemovedAndMadeAgainByTheCommandLineGetsTheNextMessageInItsNewInbox() throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("python3");
        String data = tmp.resolve("data").toString();
        int offset = FreePorts.offset();
        TestMailboxes.addExampleUsers(Path.of(data), "bob", "erin");
        try (RunningServer server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset),
                "--roles", "hub,mailbox,cas")) {
            send(offset, "erin", "bob", "before");
            awaitSubjects(offset, "bob", s -> s.contains("before"));

            admin(data, "user", "remove", "bob@example.test");
            TestMailboxes.addUser(Path.of(data), "bob@example.test", "secret-bob");

            send(offset, "erin", "bob", "after");
            assertThat(awaitSubjects(offset, "bob", s -> s.contains("after"))).containsExactly("after");
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    private static void admin(String data, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.addAll(List.of("--data", data));
        Result r = PosternProcess.call(null, all.toArray(String[]::new));
        assertThat(r.exitStatus()).as("%s", r).isZero();
    }

    private static void send(int offset, String from, String to, String subject) throws Exception {
        ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(25 + offset), "--from", from + "@example.test", "--to", to + "@example.test",
                "--header", "Subject: " + subject), TIMEOUT);
        assertThat(sent.exit()).as("%s", sent).isZero();
    }

    /** The subjects in the user's Inbox once one of them passes {@code wanted} (fails after the timeout). */
    private static List<String> awaitSubjects(int offset, String user, Predicate<String> wanted) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        List<String> subjects = subjects(offset, user);
        while (subjects.stream().noneMatch(wanted) && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            subjects = subjects(offset, user);
        }
        assertThat(subjects).as("%s's Inbox", user).anyMatch(wanted);
        return subjects;
    }

    private static void awaitEmptyQueue(String data) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        Result list = PosternProcess.call(null, "queue", "list", "--data", data);
        while (!list.out().isBlank() && Instant.now().isBefore(deadline)) {
            Thread.sleep(300);
            list = PosternProcess.call(null, "queue", "list", "--data", data);
        }
        assertThat(list.out()).as("the queue").isBlank();
    }

    /** The Subject of every message in the user's Inbox, in UID order, by imaplib over IMAPS. */
    private static List<String> subjects(int offset, String user) throws Exception {
        return TestMailboxes.imapSubjects(993 + offset, user, Optional.empty());
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Stream;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Folder;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.core.testing.ExternalTool;

/**
 * Users and mailboxes of a server's data folder, as the protocol tests prepare and inspect
 * them: users through the real command line, folders through the store opened from the test's
 * JVM on the same data folder (SQLite is safe across processes).
 */
final class TestMailboxes {

    private TestMailboxes() {
    }

    /** Accepts the user's domain and adds the user with a password, as an administrator would. */
    static void createUser(Path data, String user, String password) throws Exception {
        String domain = user.substring(user.indexOf('@') + 1);
        PosternProcess.run("domain", "add", domain, "--data", data.toString());
        PosternProcess.Result r = PosternProcess.runWithInput(password + "\n", "user", "add", user, "--password-stdin",
                "--data", data.toString());
        assertThat(r.exitStatus()).as("%s", r).isZero();
    }

    /** {@code postern user add ADDRESS --password-stdin} for a domain already accepted (the server may be running). */
    static void addUser(Path data, String address, String password) {
        PosternProcess.Result r = PosternProcess.call(password + "\n", "user", "add", address, "--password-stdin",
                "--data", data.toString());
        assertThat(r.exitStatus()).as("%s", r).isZero();
    }

    /** Accepts {@code example.test} and adds each user {@code NAME@example.test} with the password {@code secret-NAME}. */
    static void addExampleUsers(Path data, String... names) {
        PosternProcess.Result domain = PosternProcess.call(null, "domain", "add", "example.test", "--data", data.toString());
        assertThat(domain.exitStatus()).as("%s", domain).isZero();
        for (String name : names) {
            addUser(data, name + "@example.test", "secret-" + name);
        }
    }

    /**
     * The Inbox of {@code NAME@example.test} (password {@code secret-NAME}, as {@link #addExampleUsers}
     * makes it) read by imaplib over IMAPS at 127.0.0.1 ({@code imap/inbox.py}): the messages whose
     * subject contains {@code subject}, or every one when empty, whole, in UID order, each followed by
     * a line {@code =====}.
     */
    static String imapInbox(int imapsPort, String name, Optional<String> subject) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3",
                Path.of(TestMailboxes.class.getResource("/imap/inbox.py").toURI()).toString(),
                Integer.toString(imapsPort), name + "@example.test", "secret-" + name));
        subject.ifPresent(command::add);
        ExternalTool.Result r = ExternalTool.run(command, Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isZero();
        return r.out();
    }

    /** The Subject of each message {@link #imapInbox} reads, in the same order. */
    static List<String> imapSubjects(int imapsPort, String name, Optional<String> subject) throws Exception {
        return Stream.of(imapInbox(imapsPort, name, subject).split("\n=====\n"))
                .filter(message -> !message.isBlank())
                .map(message -> message.lines().takeWhile(line -> !line.isEmpty())
                        .filter(line -> line.regionMatches(true, 0, "Subject:", 0, 8))
                        .map(line -> line.substring(8).strip()).findFirst().orElse(""))
                .toList();
    }

    interface Work<T> {
        T run(MailboxStore store, Folder folder) throws Exception;
    }

    static <T> T with(Path data, String user, SpecialUse use, Work<T> work) throws Exception {
        try (Foundation f = Foundation.open(new DataFolder(data, null), PosternConfig.defaults())) {
            MailboxStore store = f.store();
            return work.run(store, store.findFolder(EmailAddress.parse(user), use).orElseThrow());
        }
    }

    /** Appends to the Inbox; returns the UID. */
    static long append(Path data, String user, byte[] message) throws Exception {
        return with(data, user, SpecialUse.INBOX, (s, f) -> s.append(f.id(), AppendRequest.of(new ByteArrayInputStream(message))).uid());
    }

    static List<MessageMetadata> messages(Path data, String user, SpecialUse use) throws Exception {
        return with(data, user, use, (s, f) -> s.fetch(f.id(), UidSet.all()));
    }

    /** How many messages the user's Inbox holds once it holds {@code count} (waits up to 30 s for the queue to deliver). */
    static int inboxOnceItHolds(Path data, String user, int count) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        int seen = -1;
        while (Instant.now().isBefore(deadline)) {
            try {
                seen = messages(data, user, SpecialUse.INBOX).size();
            } catch (NoSuchElementException noInboxYet) {
                seen = 0; // the owner's mailbox is made by the first delivery (in its append's transaction)
            }
            if (seen >= count) {
                return seen;
            }
            Thread.sleep(200);
        }
        return seen;
    }

    static byte[] content(Path data, String user, long uid) throws Exception {
        return with(data, user, SpecialUse.INBOX, (s, f) -> {
            try (var in = s.openContent(f.id(), uid)) {
                return in.readAllBytes();
            }
        });
    }

    static long uidValidity(Path data, String user) throws Exception {
        return with(data, user, SpecialUse.INBOX, (s, f) -> f.uidValidity());
    }

    static long highestModSeq(Path data, String user) throws Exception {
        return with(data, user, SpecialUse.INBOX, (s, f) -> s.status(f.id()).highestModSeq());
    }

    /** Expunges every message of the given folders. */
    static void empty(Path data, String user, SpecialUse... uses) throws Exception {
        for (SpecialUse use : uses) {
            with(data, user, use, (s, f) -> s.expunge(f.id(), UidSet.all()));
        }
    }
}

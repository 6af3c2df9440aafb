package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Folder;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;

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

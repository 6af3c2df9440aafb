package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.FolderId;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * {@link SqlMailboxStore#appendToInbox}, final delivery: the Inbox is found in the append's own
 * transaction, so a mailbox deleted and made again by another store on the same database (the
 * command line, on SQLite another process) gets the next message in its new Inbox, an owner
 * without a mailbox gets one, and a mailbox made in the place of a deleted one (SQLite gives a
 * deleted row's id to the next row) never receives the deleted owner's mail.
 */
abstract class InboxDeliveryContract {

    private static final EmailAddress ALICE = EmailAddress.parse("alice@example.test");
    private static final EmailAddress BOB = EmailAddress.parse("bob@example.test");

    @TempDir
    Path folder;
    Database db;
    SqlMailboxStore server;

    /** This backend's database; the same one again when {@code again} (a second process on it). */
    abstract Database openDatabase(Path folder, boolean again);

    @BeforeEach
    void open() {
        db = openDatabase(folder, false);
        server = SqlMailboxStore.open(db, folder.resolve("blobs"), new StoreLimits(1 << 20, Duration.ofHours(1)));
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void anOwnerWithoutAMailboxGetsOneAndTheMessageInItsInbox() throws IOException {
        assertThat(server.hasMailbox(ALICE)).isFalse();
        AppendResult first = deliver(server, ALICE, "first", "q1");
        FolderId inbox = server.findFolder(ALICE, SpecialUse.INBOX).orElseThrow().id();
        assertThat(first.folder()).isEqualTo(inbox);
        assertThat(subjects(server, inbox)).containsExactly("first");
        AppendResult again = deliver(server, ALICE, "first", "q1"); // the same delivery key: stored once
        assertThat(again.replayed()).isTrue();
        assertThat(subjects(server, inbox)).containsExactly("first");
    }

    @Test
    void aMailboxDeletedAndMadeAgainElsewhereGetsTheNextMessageInItsNewInbox() throws IOException {
        deliver(server, ALICE, "before", "q1");
        try (Database again = openDatabase(folder, true)) {
            SqlMailboxStore commandLine = SqlMailboxStore.open(again, folder.resolve("blobs"),
                    new StoreLimits(1 << 20, Duration.ofHours(1)));
            commandLine.deleteMailbox(ALICE);
            commandLine.createMailbox(BOB); // takes the deleted rows' ids where the database reuses them
            commandLine.createMailbox(ALICE);
        }
        AppendResult after = deliver(server, ALICE, "after", "q2");
        FolderId renewed = server.findFolder(ALICE, SpecialUse.INBOX).orElseThrow().id();
        assertThat(after.folder()).isEqualTo(renewed);
        assertThat(subjects(server, renewed)).containsExactly("after");
        FolderId bobs = server.findFolder(BOB, SpecialUse.INBOX).orElseThrow().id();
        assertThat(subjects(server, bobs)).isEmpty();
    }

    private static AppendResult deliver(SqlMailboxStore store, EmailAddress owner, String subject, String queueId) {
        byte[] message = TestMessages.simple(subject, "text");
        return store.appendToInbox(owner, new AppendRequest(new ByteArrayInputStream(message), Set.of(), Set.of(),
                Instant.now(), Optional.of(new DeliveryKey(queueId, owner.canonical()))));
    }

    private static java.util.List<String> subjects(SqlMailboxStore store, FolderId folder) throws IOException {
        java.util.List<String> subjects = new java.util.ArrayList<>();
        for (var m : store.fetch(folder, UidSet.all())) {
            try (InputStream in = store.openContent(folder, m.uid())) {
                String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                subjects.add(text.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElseThrow().substring(9));
            }
        }
        return subjects;
    }
}

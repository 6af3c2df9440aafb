package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.Changes;
import org.postern.core.store.CopyResult;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.Flag;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderPath;
import org.postern.core.store.FolderStatus;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.store.StoreFlagsResult;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * The behaviour every {@link org.postern.core.store.MailboxStore} backend must show; run by
 * one subclass per database. Each test works in mailboxes of its own, so the class shares one
 * database and one blob folder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MailboxStoreContract {

    static final long MAX_SIZE = 1024 * 1024;

    Path folder;
    Database db;
    /** The store with the default inline limit: contents up to 128 KiB live in the database. */
    SqlMailboxStore store;
    /** The same database and blob folder, every content a blob file (inline limit 0), as before V6. */
    SqlMailboxStore files;

    /** Opens this backend's database; {@code folder} is a fresh temporary folder for the class. */
    abstract Database openDatabase(Path folder);

    /** Opens another, empty database of this backend, for a store made at an older schema; {@code folder} is fresh. */
    abstract Database openEmptyDatabase(Path folder);

    @BeforeAll
    void openStore() throws IOException {
        folder = Files.createTempDirectory("postern-store-test-");
        db = openDatabase(folder);
        store = SqlMailboxStore.open(db, folder.resolve("blobs"), new StoreLimits(MAX_SIZE, Duration.ofHours(1)));
        files = SqlMailboxStore.open(db, folder.resolve("blobs"), new StoreLimits(MAX_SIZE, Duration.ofHours(1), 0));
    }

    @AfterAll
    void closeStore() throws IOException {
        db.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static EmailAddress newOwner() {
        return EmailAddress.parse("u" + UUID.randomUUID().toString().substring(0, 12) + "@example.org");
    }

    FolderId inbox(EmailAddress owner) {
        return store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
    }

    AppendResult append(FolderId f, byte[] bytes) {
        return store.append(f, TestMessages.request(bytes));
    }

    static void assertError(StoreError expected, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    byte[] content(FolderId f, long uid) throws IOException {
        try (InputStream in = store.openContent(f, uid)) {
            return in.readAllBytes();
        }
    }

    /** How many inline contents the database holds under {@code hash} (0 or 1). */
    long inlineRows(String hash) {
        return Sql.guard(() -> db.read(c -> Sql.queryLong(c, "SELECT COUNT(*) FROM store_content WHERE hash = ?", hash).orElseThrow()));
    }

    long blobFiles() throws IOException {
        try (Stream<Path> files = Files.walk(folder.resolve("blobs"))) {
            return files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).count();
        }
    }

    // --- change notification ---

    @Test
    void watchersHearCommittedChangesOfTheirFolderOnly() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        FolderId sent = store.findFolder(owner, SpecialUse.SENT).orElseThrow().id();
        java.util.concurrent.atomic.AtomicInteger inboxCalls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger sentCalls = new java.util.concurrent.atomic.AtomicInteger();
        MailboxStore.Watch w1 = store.watch(inbox, inboxCalls::incrementAndGet);
        MailboxStore.Watch w2 = store.watch(sent, sentCalls::incrementAndGet);
        try {
            long uid = append(inbox, TestMessages.simple("watch", "body")).uid();
            assertThat(inboxCalls).hasValue(1);
            store.storeFlags(inbox, UidSet.of(uid), FlagUpdate.add(Flag.SEEN), Optional.empty());
            assertThat(inboxCalls).hasValue(2);
            store.copy(inbox, UidSet.of(uid), sent);
            assertThat(sentCalls).hasValue(1);
            store.move(sent, UidSet.all(), inbox);
            assertThat(sentCalls).hasValue(2);
            assertThat(inboxCalls).hasValue(3);
            w1.close();
            append(inbox, TestMessages.simple("watch", "body"));
            assertThat(inboxCalls).hasValue(3);
        } finally {
            w1.close();
            w2.close();
        }
    }

    // --- mailboxes and folders ---

    @Test
    void newMailboxHasTheDefaultFolders() {
        EmailAddress owner = newOwner();
        assertThat(store.hasMailbox(owner)).isFalse();
        List<Folder> created = store.createMailbox(owner);
        assertThat(created).extracting(f -> f.path().name())
                .containsExactly("Inbox", "Sent Items", "Drafts", "Deleted Items", "Junk E-mail", "Outbox");
        assertThat(created).extracting(f -> f.specialUse().orElseThrow()).containsExactly(SpecialUse.values());
        assertThat(store.hasMailbox(owner)).isTrue();
        assertThat(store.listFolders(owner)).hasSize(6);
        assertThat(store.findFolder(owner, FolderPath.of("Deleted Items")).orElseThrow().specialUse())
                .contains(SpecialUse.DELETED_ITEMS);
        assertThat(created).extracting(Folder::uidValidity).doesNotHaveDuplicates().allMatch(v -> v > 0 && v <= UidRange.MAX_UID);
        assertError(StoreError.ALREADY_EXISTS, () -> store.createMailbox(owner));
        assertError(StoreError.NOT_FOUND, () -> store.listFolders(newOwner()));
    }

    @Test
    void anOwnerWithoutAMailboxHasNoFolderToFind() {
        EmailAddress owner = newOwner();
        assertThat(store.findFolder(owner, SpecialUse.INBOX)).isEmpty();
        assertThat(store.findFolder(owner, FolderPath.of("Inbox"))).isEmpty();
        assertThat(store.hasMailbox(owner)).isFalse(); // looking makes no mailbox
    }

    @Test
    void theInboxOfAnOwnerWithoutAMailboxMakesTheMailboxOnce() {
        EmailAddress owner = newOwner();
        assertThat(store.hasMailbox(owner)).isFalse();
        Folder inbox = store.inbox(owner);
        assertThat(inbox.specialUse()).contains(SpecialUse.INBOX);
        assertThat(store.listFolders(owner)).hasSize(6);
        assertThat(store.inbox(owner)).isEqualTo(inbox);
    }

    @Test
    void subscriptionsAreKeptFollowARenameAndOutliveADelete() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        assertThat(store.subscriptions(owner)).extracting(FolderPath::name)
                .containsExactlyInAnyOrder("Inbox", "Sent Items", "Drafts", "Deleted Items", "Junk E-mail", "Outbox");
        store.createFolder(owner, FolderPath.parse("Projects/2026"));
        store.subscribe(owner, FolderPath.parse("Projects/2026"), true);
        store.subscribe(owner, FolderPath.parse("Projects/2026"), true); // idempotent
        store.subscribe(owner, FolderPath.of("Outbox"), false);
        store.subscribe(owner, FolderPath.of("Outbox"), false);
        assertThat(store.subscriptions(owner)).extracting(FolderPath::name)
                .contains("Projects/2026").doesNotContain("Outbox", "Projects");
        store.renameFolder(owner, FolderPath.parse("Projects"), FolderPath.parse("Archive/Old"));
        assertThat(store.subscriptions(owner)).extracting(FolderPath::name)
                .contains("Archive/Old/2026").doesNotContain("Projects/2026");
        store.deleteFolder(owner, FolderPath.parse("Archive/Old/2026"));
        assertThat(store.subscriptions(owner)).extracting(FolderPath::name).contains("Archive/Old/2026"); // RFC 3501 6.3.7
        EmailAddress other = newOwner();
        store.createMailbox(other);
        assertThat(store.subscriptions(other)).extracting(FolderPath::name).doesNotContain("Archive/Old/2026");
    }

    @Test
    void foldersFormAHierarchyThatRenamesAsOne() throws IOException {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        Folder q1 = store.createFolder(owner, FolderPath.parse("Projects/2026/Q1"));
        assertThat(store.findFolder(owner, FolderPath.parse("Projects"))).isPresent();
        assertThat(store.findFolder(owner, FolderPath.parse("Projects/2026"))).isPresent();
        assertError(StoreError.ALREADY_EXISTS, () -> store.createFolder(owner, FolderPath.parse("Projects/2026")));
        AppendResult kept = append(q1.id(), TestMessages.simple("in Q1", "body"));

        Folder renamed = store.renameFolder(owner, FolderPath.parse("Projects"), FolderPath.parse("Archive/Old Projects"));
        assertThat(renamed.path().name()).isEqualTo("Archive/Old Projects");
        assertThat(store.listFolders(owner)).extracting(f -> f.path().name())
                .contains("Archive", "Archive/Old Projects", "Archive/Old Projects/2026", "Archive/Old Projects/2026/Q1")
                .doesNotContain("Projects", "Projects/2026/Q1");
        Folder moved = store.findFolder(owner, FolderPath.parse("Archive/Old Projects/2026/Q1")).orElseThrow();
        assertThat(moved.id()).isEqualTo(q1.id());
        assertThat(moved.uidValidity()).isEqualTo(q1.uidValidity());
        assertThat(content(moved.id(), kept.uid())).isEqualTo(TestMessages.simple("in Q1", "body"));

        assertError(StoreError.NOT_ALLOWED, () -> store.renameFolder(owner, FolderPath.of("Inbox"), FolderPath.of("Other")));
        assertError(StoreError.NOT_ALLOWED, () -> store.renameFolder(owner, FolderPath.parse("Archive"), FolderPath.parse("Archive/x")));
        assertError(StoreError.ALREADY_EXISTS, () -> store.renameFolder(owner, FolderPath.parse("Archive"), FolderPath.of("Drafts")));
        assertError(StoreError.NOT_FOUND, () -> store.renameFolder(owner, FolderPath.of("Nope"), FolderPath.of("Other")));
        assertError(StoreError.NOT_ALLOWED, () -> store.deleteFolder(owner, FolderPath.parse("Archive")));
        assertError(StoreError.NOT_ALLOWED, () -> store.deleteFolder(owner, FolderPath.of("Junk E-mail")));

        store.deleteFolder(owner, FolderPath.parse("Archive/Old Projects/2026/Q1"));
        assertThat(store.findFolder(owner, FolderPath.parse("Archive/Old Projects/2026/Q1"))).isEmpty();
        assertError(StoreError.NOT_FOUND, () -> store.status(q1.id()));
        // the reads that look for the folder only when they find no message
        assertError(StoreError.NOT_FOUND, () -> store.changesSince(q1.id(), 0));
        assertError(StoreError.NOT_FOUND, () -> store.fetch(q1.id(), UidSet.of(1)));
        assertError(StoreError.NOT_FOUND, () -> store.fetchFlags(q1.id(), UidSet.of(1)));
        assertError(StoreError.NOT_FOUND, () -> store.scanHeaders(q1.id(), UidSet.of(1), (flags, header) -> { }));
        Folder again = store.createFolder(owner, FolderPath.parse("Archive/Old Projects/2026/Q1"));
        assertThat(again.uidValidity()).isNotEqualTo(q1.uidValidity());
        assertThat(store.status(again.id()).uidNext()).isEqualTo(1);
    }

    // --- UIDs, flags, expunge ---

    @Test
    void uidsStrictlyIncreaseAndAreNeverReused() throws IOException {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        long validity = store.status(inbox).uidValidity();
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            AppendResult r = append(inbox, TestMessages.simple("m" + i, "body " + i));
            assertThat(r.uidValidity()).isEqualTo(validity);
            assertThat(r.replayed()).isFalse();
            uids.add(r.uid());
        }
        assertThat(uids).containsExactly(1L, 2L, 3L);
        assertThat(store.expunge(inbox, UidSet.of(new UidRange(2, 3)))).containsExactly(2L, 3L);
        assertThat(append(inbox, TestMessages.simple("m3", "again")).uid()).isEqualTo(4);
        FolderStatus status = store.status(inbox);
        assertThat(status.messages()).isEqualTo(2);
        assertThat(status.uidNext()).isEqualTo(5);
        assertThat(status.uidValidity()).isEqualTo(validity);
        assertThat(store.fetch(inbox, UidSet.all())).extracting(MessageMetadata::uid).containsExactly(1L, 4L);
        assertThat(content(inbox, 4)).isEqualTo(TestMessages.simple("m3", "again"));
        assertError(StoreError.EXPUNGED, () -> store.openContent(inbox, 2));
        assertThat(store.expunge(inbox, UidSet.of(2, 3))).isEmpty();
    }

    @Test
    void eachUidIsClaimedRecentByOneClaimOnlyAndStatusCountsTheUnclaimed() throws Exception {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        assertThat(store.recentMark(inbox)).isEqualTo(1);
        for (int i = 0; i < 3; i++) {
            append(inbox, TestMessages.simple("r" + i, "body " + i));
        }
        assertThat(store.status(inbox).recent()).isEqualTo(3);
        assertThat(store.claimRecent(inbox, 3)).isEqualTo(1); // UIDs 1 and 2
        assertThat(store.status(inbox).recent()).isEqualTo(1);
        assertThat(store.claimRecent(inbox, 3)).isEqualTo(3); // nothing left below 3
        assertThat(store.recentMark(inbox)).isEqualTo(3);
        for (int i = 0; i < 40; i++) {
            append(inbox, TestMessages.simple("s" + i, "body " + i));
        }
        // many sessions claim at once, each up to a different end: the claims never overlap
        // and together they cover every UID exactly once
        int[] claimedBy = new int[44];
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<long[]>> claims = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long below = 4 + 5 * (t + 1);
                claims.add(pool.submit(() -> new long[] {store.claimRecent(inbox, below), below}));
            }
            for (Future<long[]> f : claims) {
                long[] claim = f.get();
                for (long uid = claim[0]; uid < claim[1]; uid++) {
                    claimedBy[(int) uid]++;
                }
            }
        }
        for (int uid = 3; uid < 44; uid++) {
            assertThat(claimedBy[uid]).as("claims of UID %d", uid).isEqualTo(1);
        }
        assertThat(store.status(inbox).recent()).isZero();
        assertError(StoreError.NOT_FOUND, () -> store.claimRecent(new FolderId(Long.MAX_VALUE), 5));
    }

    @Test
    void appendKeepsFlagsDateAndSizeAndRefusesTooBig() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId drafts = store.findFolder(owner, SpecialUse.DRAFTS).orElseThrow().id();
        byte[] bytes = TestMessages.simple("draft", "text");
        Instant date = Instant.parse("2026-03-02T09:00:00Z");
        AppendResult r = store.append(drafts, new AppendRequest(new ByteArrayInputStream(bytes), Set.of(Flag.DRAFT, Flag.SEEN),
                Set.of("$Label1"), date, Optional.empty()));
        MessageMetadata m = store.fetch(drafts, UidSet.of(r.uid())).get(0);
        assertThat(m.flags()).containsExactlyInAnyOrder(Flag.DRAFT, Flag.SEEN);
        assertThat(m.keywords()).containsExactly("$Label1");
        assertThat(m.internalDate()).isEqualTo(date);
        assertThat(m.size()).isEqualTo(bytes.length).isEqualTo(r.size());
        assertThat(m.contentHash()).isEqualTo(TestMessages.sha256(bytes));
        assertThat(m.modSeq()).isEqualTo(r.modSeq());
        assertThat(store.status(drafts).unseen()).isZero();
        assertThat(store.status(drafts).size()).isEqualTo(bytes.length);
        assertThat(store.status(drafts).deleted()).isZero();
        store.storeFlags(drafts, UidSet.of(r.uid()), FlagUpdate.add(Flag.DELETED), Optional.empty());
        assertThat(store.status(drafts).deleted()).as("STATUS DELETED (RFC 9051)").isEqualTo(1);

        byte[] big = TestMessages.random(1, (int) MAX_SIZE + 10);
        assertError(StoreError.TOO_BIG, () -> append(drafts, big));
        assertThat(store.status(drafts).messages()).isEqualTo(1);
        assertError(StoreError.NOT_FOUND, () -> append(new FolderId(-1), bytes));
    }

    @Test
    void flagsAndKeywordsAddRemoveAndReplace() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        append(inbox, TestMessages.simple("a", "a"));
        append(inbox, TestMessages.simple("b", "b"));
        assertThat(store.status(inbox).unseen()).isEqualTo(2);

        StoreFlagsResult added = store.storeFlags(inbox, UidSet.all(),
                new FlagUpdate(FlagUpdate.Mode.ADD, Set.of(Flag.SEEN, Flag.FLAGGED), Set.of("$Forwarded")), Optional.empty());
        assertThat(added.updated()).extracting(MessageFlags::uid).containsExactly(1L, 2L);
        assertThat(added.updated()).allSatisfy(m -> {
            assertThat(m.flags()).containsExactlyInAnyOrder(Flag.SEEN, Flag.FLAGGED);
            assertThat(m.keywords()).containsExactly("$Forwarded");
        });
        assertThat(store.status(inbox).unseen()).isZero();

        store.storeFlags(inbox, UidSet.of(1), FlagUpdate.remove(Flag.FLAGGED), Optional.empty());
        store.storeFlags(inbox, UidSet.of(2), FlagUpdate.replace(Set.of(Flag.ANSWERED), Set.of("Work", "$MDNSent")), Optional.empty());
        List<MessageMetadata> now = store.fetch(inbox, UidSet.all());
        assertThat(now.get(0).flags()).containsExactly(Flag.SEEN);
        assertThat(now.get(0).keywords()).containsExactly("$Forwarded");
        assertThat(now.get(1).flags()).containsExactly(Flag.ANSWERED);
        assertThat(now.get(1).keywords()).containsExactlyInAnyOrder("Work", "$MDNSent");
        assertThat(store.fetchFlags(inbox, UidSet.all())).extracting(MessageFlags::uid, MessageFlags::flags)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, Set.of(Flag.SEEN)),
                        org.assertj.core.groups.Tuple.tuple(2L, Set.of(Flag.ANSWERED)));
        assertThat(store.status(inbox).unseen()).isEqualTo(1);

        long before = now.get(0).modSeq();
        StoreFlagsResult same = store.storeFlags(inbox, UidSet.of(1), FlagUpdate.add(Flag.SEEN), Optional.empty());
        assertThat(same.updated()).singleElement().satisfies(m -> assertThat(m.modSeq()).isEqualTo(before));
    }

    @Test
    void theSnapshotOfAFolderHasItsUidsFirstUnseenKeywordsAndCounters() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        org.postern.core.store.FolderSnapshot empty = store.snapshot(inbox);
        assertThat(empty.uids()).isEmpty();
        assertThat(empty.firstUnseenUid()).isZero();
        assertThat(empty.uidNext()).isEqualTo(1);
        for (int i = 0; i < 4; i++) {
            append(inbox, TestMessages.simple("snapshot " + i, "x"));
        }
        store.expunge(inbox, UidSet.of(1));
        store.storeFlags(inbox, UidSet.of(2), new FlagUpdate(FlagUpdate.Mode.ADD, Set.of(Flag.SEEN), Set.of("Work")), Optional.empty());
        store.storeFlags(inbox, UidSet.of(4), new FlagUpdate(FlagUpdate.Mode.ADD, Set.of(), Set.of("$Junk", "Work")), Optional.empty());
        org.postern.core.store.FolderSnapshot snapshot = store.snapshot(inbox);
        FolderStatus status = store.status(inbox);
        assertThat(snapshot.uids()).containsExactly(2, 3, 4);
        assertThat(snapshot.firstUnseenUid()).isEqualTo(3);
        assertThat(snapshot.keywords()).containsExactlyInAnyOrder("Work", "$Junk");
        assertThat(snapshot.uidNext()).isEqualTo(5).isEqualTo(status.uidNext());
        assertThat(snapshot.highestModSeq()).isEqualTo(status.highestModSeq());
        assertThat(snapshot.recentMark()).isEqualTo(store.recentMark(inbox));
        store.storeFlags(inbox, UidSet.all(), FlagUpdate.add(Flag.SEEN), Optional.empty());
        assertThat(store.snapshot(inbox).firstUnseenUid()).isZero();
    }

    /**
     * The snapshot as a fresh read gives it: the UIDs and flags of every message, from
     * {@code fetchFlags}, which no kept snapshot serves.
     */
    void assertSnapshotIsCurrent(org.postern.core.store.FolderSnapshot snapshot, FolderId f) {
        List<MessageFlags> all = store.fetchFlags(f, UidSet.all());
        FolderStatus status = store.status(f);
        assertThat(snapshot.uids()).containsExactly(all.stream().mapToLong(MessageFlags::uid).toArray());
        assertThat(snapshot.firstUnseenUid()).isEqualTo(all.stream().filter(m -> !m.flags().contains(Flag.SEEN))
                .mapToLong(MessageFlags::uid).findFirst().orElse(0));
        assertThat(snapshot.keywords()).containsExactlyInAnyOrderElementsOf(all.stream()
                .flatMap(m -> m.keywords().stream()).distinct().toList());
        assertThat(snapshot.uidNext()).isEqualTo(status.uidNext());
        assertThat(snapshot.highestModSeq()).isEqualTo(status.highestModSeq());
        assertThat(snapshot.recentMark()).isEqualTo(store.recentMark(f));
    }

    @Test
    void aSnapshotOfAnUnchangedFolderSharesTheLastUidsAndEveryChangeIsSeen() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        for (int i = 0; i < 5; i++) {
            append(inbox, TestMessages.simple("kept " + i, "x"));
        }
        org.postern.core.store.FolderSnapshot first = store.snapshot(inbox);
        assertSnapshotIsCurrent(first, inbox);
        org.postern.core.store.FolderSnapshot again = store.snapshot(inbox);
        assertThat(again.uids()).isSameAs(first.uids());
        assertSnapshotIsCurrent(again, inbox);
        // every change through the other store on the same database, as from another process:
        // nothing tells this store's kept snapshots
        files.append(inbox, TestMessages.request(TestMessages.simple("appended", "x")));
        org.postern.core.store.FolderSnapshot afterAppend = store.snapshot(inbox);
        assertThat(afterAppend.uids()).containsExactly(1, 2, 3, 4, 5, 6);
        assertSnapshotIsCurrent(afterAppend, inbox);
        assertThat(store.snapshot(inbox).uids()).isSameAs(afterAppend.uids());
        files.expunge(inbox, UidSet.of(2));
        org.postern.core.store.FolderSnapshot afterExpunge = store.snapshot(inbox);
        assertThat(afterExpunge.uids()).containsExactly(1, 3, 4, 5, 6);
        assertSnapshotIsCurrent(afterExpunge, inbox);
        files.expunge(inbox, UidSet.of(3)); // the count back where it was, and UIDNEXT moved
        files.append(inbox, TestMessages.request(TestMessages.simple("appended again", "x")));
        org.postern.core.store.FolderSnapshot afterBoth = store.snapshot(inbox);
        assertThat(afterBoth.uids()).containsExactly(1, 4, 5, 6, 7);
        assertSnapshotIsCurrent(afterBoth, inbox);
        // flags: the same UIDs, the first unseen, the keywords and HIGHESTMODSEQ read anew
        files.storeFlags(inbox, UidSet.of(1), new FlagUpdate(FlagUpdate.Mode.ADD, Set.of(Flag.SEEN), Set.of("Work")),
                Optional.empty());
        org.postern.core.store.FolderSnapshot afterFlags = store.snapshot(inbox);
        assertThat(afterFlags.uids()).isSameAs(afterBoth.uids());
        assertThat(afterFlags.firstUnseenUid()).isEqualTo(4);
        assertThat(afterFlags.keywords()).containsExactly("Work");
        assertSnapshotIsCurrent(afterFlags, inbox);
        files.storeFlags(inbox, UidSet.of(1), new FlagUpdate(FlagUpdate.Mode.REMOVE, Set.of(Flag.SEEN), Set.of("Work")),
                Optional.empty());
        assertSnapshotIsCurrent(store.snapshot(inbox), inbox);
        // \Recent: claimed by another, the mark read anew with the same UIDs
        long mark = store.recentMark(inbox);
        files.claimRecent(inbox, 8);
        org.postern.core.store.FolderSnapshot afterClaim = store.snapshot(inbox);
        assertThat(afterClaim.recentMark()).isNotEqualTo(mark);
        assertSnapshotIsCurrent(afterClaim, inbox);
    }

    @Test
    void aFolderMadeAnewUnderTheSameNameIsNotServedTheOldOnesUids() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderPath path = FolderPath.parse("Again");
        FolderId old = store.createFolder(owner, path).id();
        for (int i = 0; i < 3; i++) {
            append(old, TestMessages.simple("old " + i, "x"));
        }
        store.expunge(old, UidSet.of(2));
        assertThat(store.snapshot(old).uids()).containsExactly(1, 3);
        store.deleteFolder(owner, path);
        // SQLite gives the new row the old one's id when it was the last; the same UIDNEXT and count
        FolderId made = store.createFolder(owner, path).id();
        for (int i = 0; i < 3; i++) {
            append(made, TestMessages.simple("new " + i, "x"));
        }
        store.expunge(made, UidSet.of(3));
        org.postern.core.store.FolderSnapshot snapshot = store.snapshot(made);
        assertThat(snapshot.uids()).containsExactly(1, 2);
        assertSnapshotIsCurrent(snapshot, made);
    }

    @Test
    void noTwoFoldersOfTheStoreGetTheSameUidValidity() {
        // two mailboxes made at once, one of them deleted and made again at once (RFC 3501 section 2.3.1.1)
        EmailAddress owner = newOwner();
        List<Folder> first = store.createMailbox(owner);
        List<Folder> other = store.createMailbox(newOwner());
        store.deleteMailbox(owner);
        List<Folder> again = store.createMailbox(owner);
        List<Long> values = Stream.of(first, other, again).flatMap(List::stream).map(Folder::uidValidity).toList();
        assertThat(values).doesNotHaveDuplicates().allSatisfy(v -> assertThat(v).isBetween(1L, 0xFFFF_FFFFL));
        long oldest = first.stream().mapToLong(Folder::uidValidity).max().orElseThrow();
        assertThat(again).allSatisfy(f -> assertThat(f.uidValidity()).isGreaterThan(oldest));
    }

    @Test
    void aStoreMadeBeforeV9CountsUidValidityAboveEveryValueItsMailboxesGaveOut() throws IOException {
        Path old = Files.createTempDirectory(folder, "v8-");
        EmailAddress owner = newOwner();
        long ahead = Instant.now().getEpochSecond() + 1_000_000; // a mailbox that made many folders in little time
        try (Database v8 = openEmptyDatabase(old)) {
            Flyway.configure(getClass().getClassLoader()).dataSource(v8.dataSource())
                    .table("flyway_" + SqlMailboxStore.COMPONENT)
                    .locations("classpath:db/" + SqlMailboxStore.COMPONENT + "/" + v8.kind().folder())
                    .baselineOnMigrate(true).baselineVersion("0").target("8").load().migrate();
            OldMailboxRows.create(v8, owner, ahead);
            SqlMailboxStore upgraded = SqlMailboxStore.open(v8, old.resolve("blobs"), StoreLimits.defaults());
            long kept = upgraded.findFolder(owner, SpecialUse.INBOX).orElseThrow().uidValidity();
            assertThat(kept).isEqualTo(ahead);
            Folder made = upgraded.createFolder(owner, FolderPath.parse("After"));
            assertThat(made.uidValidity()).isGreaterThanOrEqualTo(ahead + SpecialUse.values().length);
            assertThat(upgraded.createMailbox(newOwner())).allSatisfy(f -> assertThat(f.uidValidity()).isGreaterThan(made.uidValidity()));
        }
    }

    @Test
    void aMailboxMadeAgainIsNotServedTheOldOnesUids() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId old = inbox(owner);
        for (int i = 0; i < 3; i++) {
            append(old, TestMessages.simple("old " + i, "x"));
        }
        store.expunge(old, UidSet.of(2));
        assertThat(store.snapshot(old).uids()).containsExactly(1, 3);
        long oldValidity = store.status(old).uidValidity();
        store.deleteMailbox(owner);
        // within the same second; SQLite gives the new rows the old ones' ids when they were the last
        store.createMailbox(owner);
        FolderId made = inbox(owner);
        for (int i = 0; i < 3; i++) {
            append(made, TestMessages.simple("new " + i, "x"));
        }
        store.expunge(made, UidSet.of(3));
        org.postern.core.store.FolderSnapshot snapshot = store.snapshot(made);
        assertThat(snapshot.uids()).containsExactly(1, 2);
        assertThat(store.status(made).uidValidity()).isNotEqualTo(oldValidity);
        assertSnapshotIsCurrent(snapshot, made);
    }

    @Test
    void unchangedSinceRefusesMessagesChangedLater() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        append(inbox, TestMessages.simple("a", "a"));
        append(inbox, TestMessages.simple("b", "b"));
        long seen = store.status(inbox).highestModSeq();
        store.storeFlags(inbox, UidSet.of(2), FlagUpdate.add(Flag.FLAGGED), Optional.empty());

        StoreFlagsResult r = store.storeFlags(inbox, UidSet.all(), FlagUpdate.add(Flag.DELETED), Optional.of(seen));
        assertThat(r.modified()).containsExactly(2L);
        assertThat(r.updated()).extracting(MessageFlags::uid).containsExactly(1L);
        List<MessageMetadata> now = store.fetch(inbox, UidSet.all());
        assertThat(now.get(0).flags()).contains(Flag.DELETED);
        assertThat(now.get(1).flags()).containsExactly(Flag.FLAGGED);
        assertThat(r.updated().get(0).modSeq()).isGreaterThan(now.get(1).modSeq());
    }

    // --- copy, move, change log ---

    @Test
    void copyAndMoveGiveNewUidsAndReportTheMapping() throws IOException {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        Folder archive = store.createFolder(owner, FolderPath.of("Archive"));
        append(archive.id(), TestMessages.simple("already there", "x"));
        for (int i = 0; i < 4; i++) {
            append(inbox, TestMessages.simple("msg" + i, "body" + i));
        }
        store.storeFlags(inbox, UidSet.of(2), FlagUpdate.add(Flag.FLAGGED), Optional.empty());

        CopyResult copied = store.copy(inbox, UidSet.of(UidRange.single(2), new UidRange(4, 9)), archive.id());
        assertThat(copied.destinationUidValidity()).isEqualTo(archive.uidValidity());
        assertThat(copied.sourceUids()).containsExactly(2L, 4L);
        assertThat(copied.destinationUids()).containsExactly(2L, 3L);
        assertThat(store.status(inbox).messages()).isEqualTo(4);
        assertThat(store.fetch(archive.id(), UidSet.of(2)).get(0).flags()).containsExactly(Flag.FLAGGED);
        assertThat(content(archive.id(), 3)).isEqualTo(content(inbox, 4));

        FolderId trash = store.findFolder(owner, SpecialUse.DELETED_ITEMS).orElseThrow().id();
        CopyResult moved = store.move(inbox, UidSet.of(new UidRange(1, 3)), trash);
        assertThat(moved.sourceUids()).containsExactly(1L, 2L, 3L);
        assertThat(moved.destinationUids()).containsExactly(1L, 2L, 3L);
        assertThat(store.fetch(inbox, UidSet.all())).extracting(MessageMetadata::uid).containsExactly(4L);
        assertThat(store.fetch(trash, UidSet.all())).hasSize(3);
        Changes inboxChanges = store.changesSince(inbox, store.status(inbox).highestModSeq() - 1);
        assertThat(inboxChanges.expunged()).containsExactly(1L, 2L, 3L);
        assertThat(store.status(trash).highestModSeq()).isEqualTo(store.status(inbox).highestModSeq());

        EmailAddress other = newOwner();
        store.createMailbox(other);
        assertError(StoreError.NOT_ALLOWED, () -> store.copy(inbox, UidSet.all(), inbox(other)));
        assertThat(store.copy(inbox, UidSet.of(99), archive.id()).sourceUids()).isEmpty();
    }

    @Test
    void changeLogFollowsOneModSeqCounterPerMailbox() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        FolderId sent = store.findFolder(owner, SpecialUse.SENT).orElseThrow().id();
        long created = store.status(inbox).highestModSeq();
        assertThat(created).isPositive();

        long a = append(inbox, TestMessages.simple("a", "a")).modSeq();
        long b = append(sent, TestMessages.simple("b", "b")).modSeq();
        long c = append(inbox, TestMessages.simple("c", "c")).modSeq();
        assertThat(List.of(created, a, b, c)).isSorted().doesNotHaveDuplicates();
        assertThat(store.status(inbox).highestModSeq()).isEqualTo(c);
        assertThat(store.status(sent).highestModSeq()).isEqualTo(b);

        Changes all = store.changesSince(inbox, 0);
        assertThat(all.changed()).extracting(MessageFlags::uid).containsExactly(1L, 2L);
        assertThat(all.highestModSeq()).isEqualTo(c);

        long mark = store.status(inbox).highestModSeq();
        store.storeFlags(inbox, UidSet.of(1), FlagUpdate.add(Flag.SEEN), Optional.empty());
        append(inbox, TestMessages.simple("d", "d"));
        store.expunge(inbox, UidSet.of(2));
        Changes later = store.changesSince(inbox, mark);
        assertThat(later.changed()).extracting(MessageFlags::uid).containsExactly(1L, 3L);
        assertThat(later.changed().get(0).flags()).containsExactly(Flag.SEEN);
        assertThat(later.expunged()).containsExactly(2L);
        assertThat(later.highestModSeq()).isGreaterThan(mark);
        assertThat(later.changed()).allSatisfy(m -> assertThat(m.modSeq()).isGreaterThan(mark).isLessThanOrEqualTo(later.highestModSeq()));

        Changes none = store.changesSince(inbox, later.highestModSeq());
        assertThat(none.changed()).isEmpty();
        assertThat(none.expunged()).isEmpty();
        assertThat(store.changesSince(sent, 0).changed()).extracting(MessageFlags::uid).containsExactly(1L);
    }

    // --- single-instance storage, delivery keys ---

    @Test
    void sameBytesInTwoMailboxesAreKeptOnceAndCollectedWhenUnreferenced() throws IOException {
        sameBytesKeptOnce(files, true);
        sameBytesKeptOnce(store, false);
    }

    /** As above in {@code s}, whose contents are blob files ({@code asFiles}) or inline. */
    void sameBytesKeptOnce(SqlMailboxStore s, boolean asFiles) throws IOException {
        EmailAddress one = newOwner();
        EmailAddress two = newOwner();
        s.createMailbox(one);
        s.createMailbox(two);
        byte[] bytes = TestMessages.random(System.nanoTime(), 5000);
        long before = blobFiles();
        AppendResult r1 = s.append(inbox(one), TestMessages.request(bytes));
        AppendResult r2 = s.append(inbox(two), TestMessages.request(bytes));
        s.copy(inbox(one), UidSet.of(r1.uid()), s.findFolder(one, SpecialUse.JUNK).orElseThrow().id());
        assertThat(blobFiles()).isEqualTo(asFiles ? before + 1 : before);
        String hash = s.fetch(inbox(one), UidSet.of(r1.uid())).get(0).contentHash();
        assertThat(s.fetch(inbox(two), UidSet.of(r2.uid())).get(0).contentHash()).isEqualTo(hash);
        assertThat(inlineRows(hash)).isEqualTo(asFiles ? 0 : 1);

        Instant future = Instant.now().plus(1, ChronoUnit.DAYS);
        s.expunge(inbox(one), UidSet.all());
        s.collectGarbage(future);
        assertThat(content(inbox(two), r2.uid())).isEqualTo(bytes);
        s.deleteMailbox(one);
        s.collectGarbage(future);
        assertThat(content(inbox(two), r2.uid())).isEqualTo(bytes);
        s.expunge(inbox(two), UidSet.all());
        assertThat(s.collectGarbage(future)).isGreaterThanOrEqualTo(1);
        assertThat(new BlobStore(folder.resolve("blobs")).exists(hash)).isFalse();
        assertThat(inlineRows(hash)).isZero();

        AppendResult again = s.append(inbox(two), TestMessages.request(bytes));
        assertThat(content(inbox(two), again.uid())).isEqualTo(bytes);
        assertThat(s.fetch(inbox(two), UidSet.of(again.uid())).get(0).envelope().subject()).startsWith("random");
    }

    @Test
    void anOrphanBlobLeftByACrashIsCollectedAfterItsGracePeriod() throws IOException {
        byte[] bytes = TestMessages.random(System.nanoTime(), 3000);
        long before = blobFiles();
        BlobStore blobs = new BlobStore(folder.resolve("blobs"));
        String hash;
        try (BlobStore.Staged staged = blobs.stage(new ByteArrayInputStream(bytes), MAX_SIZE)) {
            blobs.ensurePublished(staged); // what an append that chose a file does before its transaction
            hash = staged.hash();
            assertThat(hash).isEqualTo(TestMessages.sha256(bytes));
            assertThat(staged.size()).isEqualTo(bytes.length);
        }
        assertThat(blobFiles()).isEqualTo(before + 1);
        store.collectGarbage();
        assertThat(blobs.exists(hash)).as("a fresh blob may belong to an append in flight").isTrue();
        store.collectGarbage(Instant.now().plus(1, ChronoUnit.DAYS));
        assertThat(blobs.exists(hash)).isFalse();
    }

    @Test
    void garbageCollectionRacingAppendsNeverLosesAReferencedBlob() throws Exception {
        collectionRacingAppends(files);
        collectionRacingAppends(store);
    }

    /** Appends and expunges of two contents in three threads through {@code s}, with a collection running all along. */
    void collectionRacingAppends(SqlMailboxStore s) throws Exception {
        EmailAddress owner = newOwner();
        s.createMailbox(owner);
        FolderId inbox = inbox(owner);
        List<byte[]> contents = List.of(TestMessages.random(System.nanoTime(), 800), TestMessages.random(System.nanoTime() + 1, 900));
        Instant future = Instant.now().plus(1, ChronoUnit.DAYS);
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            Future<Integer> collector = pool.submit(() -> {
                int collected = 0;
                while (!done.get()) {
                    collected += s.collectGarbage(future);
                }
                return collected;
            });
            List<Future<?>> appenders = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                int thread = t;
                appenders.add(pool.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        byte[] bytes = contents.get((thread + i) % contents.size());
                        AppendResult r = s.append(inbox, TestMessages.request(bytes));
                        assertThat(content(inbox, r.uid())).isEqualTo(bytes);
                        if (i % 2 == 0) {
                            s.expunge(inbox, UidSet.of(r.uid()));
                        }
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> f : appenders) {
                    f.get();
                }
            } finally {
                done.set(true);
            }
            assertThat(collector.get()).isGreaterThanOrEqualTo(0);
        }
        List<MessageMetadata> left = s.fetch(inbox, UidSet.all());
        assertThat(left).hasSize(30);
        for (MessageMetadata m : left) {
            assertThat(TestMessages.sha256(content(inbox, m.uid()))).isEqualTo(m.contentHash());
        }
    }

    @Test
    void aDeliveryKeySeenBeforeReturnsTheFirstResult() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        DeliveryKey key = new DeliveryKey("Q1234", "bob@example.net");
        byte[] bytes = TestMessages.simple("delivered once", "x");
        AppendResult first = store.append(inbox, TestMessages.request(bytes).withDeliveryKey(key));
        AppendResult second = store.append(inbox, TestMessages.request(bytes).withDeliveryKey(key));
        assertThat(first.replayed()).isFalse();
        assertThat(second.replayed()).isTrue();
        assertThat(second.uid()).isEqualTo(first.uid());
        assertThat(second.uidValidity()).isEqualTo(first.uidValidity());
        assertThat(store.status(inbox).messages()).isEqualTo(1);
        AppendResult otherRecipient = store.append(inbox,
                TestMessages.request(bytes).withDeliveryKey(new DeliveryKey("Q1234", "carol@example.net")));
        assertThat(otherRecipient.replayed()).isFalse();
        assertThat(store.status(inbox).messages()).isEqualTo(2);
    }

    // --- parsed structure ---

    @Test
    void envelopeAndBodyStructureOfARealMultipartMessage() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        byte[] bytes = TestMessages.crlf(TestMessages.MULTIPART);
        AppendResult r = append(inbox(owner), bytes);
        MessageMetadata m = store.fetch(inbox(owner), UidSet.of(r.uid())).get(0);
        StructureAssertions.assertMultipart(m, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void theHeaderBlockIsKeptAtAppendAndFilledInForContentsStoredBeforeIt() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        byte[] bytes = TestMessages.simple("kept", "the body is not part of it");
        String header = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        header = header.substring(0, header.indexOf("\r\n\r\n") + 4);
        AppendResult r = append(inbox(owner), bytes);
        assertThat(store.fetch(inbox(owner), UidSet.of(r.uid())).get(0).headerBlock())
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1).isEqualTo(header);
        byte[] headless = {'n', 'o', ' ', 'e', 'm', 'p', 't', 'y', ' ', 'l', 'i', 'n', 'e'};
        AppendResult all = append(inbox(owner), headless);
        assertThat(store.fetch(inbox(owner), UidSet.of(all.uid())).get(0).headerBlock()).isEqualTo(headless);

        // a content stored before the column existed: read from its file, then filled in when the store opens
        Sql.guard(() -> db.write(c -> Sql.update(c, "UPDATE store_blob SET header = NULL WHERE hash = ?", TestMessages.sha256(bytes))));
        assertThat(store.fetch(inbox(owner), UidSet.of(r.uid())).get(0).headerBlock())
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1).isEqualTo(header);
        assertThat(new HeaderBackfill(db, new BlobStore(folder.resolve("blobs"))).run()).isGreaterThanOrEqualTo(1);
        long stillNull = Sql.guard(() -> db.read(c -> Sql.queryLong(c, "SELECT COUNT(*) FROM store_blob WHERE hash = ?"
                + " AND header IS NULL", TestMessages.sha256(bytes)).orElseThrow()));
        assertThat(stillNull).isZero();
        assertThat(store.fetch(inbox(owner), UidSet.of(r.uid())).get(0).headerBlock())
                .asString(java.nio.charset.StandardCharsets.ISO_8859_1).isEqualTo(header);
    }

    @Test
    void aScanOfHeadersHandsEachMessagesFlagsAndHeaderBlockInUidOrder() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = inbox(owner);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            sent.add(TestMessages.simple("scan " + i, "body " + i));
            append(inbox, sent.getLast());
        }
        store.storeFlags(inbox, UidSet.of(2), FlagUpdate.add(Flag.SEEN), Optional.empty());
        store.expunge(inbox, UidSet.of(3));
        // one content without its header block yet: read from the content
        Sql.guard(() -> db.write(c -> Sql.update(c, "UPDATE store_blob SET header = NULL WHERE hash = ?",
                TestMessages.sha256(sent.get(3)))));
        List<MessageFlags> flags = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        store.scanHeaders(inbox, UidSet.of(new UidRange(1, 10)), (f, header) -> {
            flags.add(f);
            headers.add(new String(header, java.nio.charset.StandardCharsets.ISO_8859_1));
        });
        assertThat(flags).extracting(MessageFlags::uid).containsExactly(1L, 2L, 4L);
        assertThat(flags).extracting(MessageFlags::flags).containsExactly(Set.of(), Set.of(Flag.SEEN), Set.of());
        assertThat(flags).isEqualTo(store.fetchFlags(inbox, UidSet.all()));
        for (int i = 0; i < 3; i++) {
            String whole = new String(sent.get(new int[] {0, 1, 3}[i]), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(headers.get(i)).isEqualTo(whole.substring(0, whole.indexOf("\r\n\r\n") + 4));
        }
        List<Long> second = new ArrayList<>();
        store.scanHeaders(inbox, UidSet.of(new UidRange(2, 2)), (f, header) -> second.add(f.uid()));
        assertThat(second).containsExactly(2L);
        assertThatThrownBy(() -> store.scanHeaders(inbox, UidSet.all(), (f, header) -> {
            throw new IllegalStateException("stop at " + f.uid());
        })).isInstanceOf(IllegalStateException.class).hasMessage("stop at 1");
    }

    @Test
    void garbageIsStoredAsOneTextPart() throws IOException {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        byte[] bytes = {0, 1, 2, '\r', '\n', ':', ':', (byte) 0xff, '-', '-', '\r', '\n', '\r', '\n', 'x'};
        AppendResult r = append(inbox(owner), bytes);
        MessageMetadata m = store.fetch(inbox(owner), UidSet.of(r.uid())).get(0);
        assertThat(m.bodyStructure().type()).isEqualTo("text");
        assertThat(m.size()).isEqualTo(bytes.length);
        assertThat(content(inbox(owner), r.uid())).isEqualTo(bytes);
        StringBuilder deep = new StringBuilder("Subject: deep\n");
        for (int i = 0; i < 200; i++) {
            deep.append("Content-Type: multipart/mixed; boundary=b").append(i).append("\n\n--b").append(i).append("\n");
        }
        deep.append("Content-Type: text/plain\n\nbottom\n");
        AppendResult nested = append(inbox(owner), TestMessages.crlf(deep.toString()));
        MessageMetadata n = store.fetch(inbox(owner), UidSet.of(nested.uid())).get(0);
        assertThat(n.envelope().subject()).isEqualTo("deep");
        assertThat(n.bodyStructure().isMultipart()).as("the levels above the limit are kept").isTrue();
        StringBuilder forwards = new StringBuilder("Subject: forwards\n");
        for (int i = 0; i < 100; i++) {
            forwards.append("Content-Type: message/rfc822\n\nSubject: level ").append(i).append("\n");
        }
        forwards.append("\nbottom\n");
        AppendResult chain = append(inbox(owner), TestMessages.crlf(forwards.toString()));
        assertThat(store.fetch(inbox(owner), UidSet.of(chain.uid())).get(0).envelope().subject()).isEqualTo("forwards");
        AppendResult empty = append(inbox(owner), new byte[0]);
        assertThat(store.fetch(inbox(owner), UidSet.of(empty.uid())).get(0).size()).isZero();
    }

    // --- concurrency ---

    @Test
    void concurrentAppendsFromManyThreadsGetDistinctUids() throws Exception {
        EmailAddress owner = newOwner();
        EmailAddress other = newOwner();
        store.createMailbox(owner);
        store.createMailbox(other);
        FolderId inbox = inbox(owner);
        FolderId otherInbox = inbox(other);
        int threads = 8;
        int each = 15;
        List<Future<List<AppendResult>>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    List<AppendResult> results = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        FolderId target = i % 3 == 0 ? otherInbox : inbox;
                        byte[] bytes = i % 5 == 0 ? TestMessages.simple("shared", "same bytes everywhere")
                                : TestMessages.random(thread * 1000L + i, 2000);
                        results.add(store.append(target, TestMessages.request(bytes)));
                        if (i % 4 == 0) {
                            store.storeFlags(target, UidSet.all(), FlagUpdate.add(Flag.SEEN), Optional.empty());
                        }
                    }
                    return results;
                }));
            }
            List<AppendResult> all = new ArrayList<>();
            for (Future<List<AppendResult>> f : futures) {
                all.addAll(f.get());
            }
            List<AppendResult> mine = all.stream().filter(r -> r.folder().equals(inbox)).toList();
            List<AppendResult> theirs = all.stream().filter(r -> r.folder().equals(otherInbox)).toList();
            assertThat(mine.size() + theirs.size()).isEqualTo(threads * each);
            assertThat(mine).extracting(AppendResult::uid).doesNotHaveDuplicates();
            assertThat(theirs).extracting(AppendResult::uid).doesNotHaveDuplicates();
            assertThat(mine).extracting(AppendResult::modSeq).doesNotHaveDuplicates();
            assertThat(store.status(inbox).messages()).isEqualTo(mine.size());
            assertThat(store.status(otherInbox).messages()).isEqualTo(theirs.size());
            assertThat(store.status(inbox).uidNext()).isEqualTo(mine.size() + 1);
            Set<Long> fetched = new HashSet<>(store.fetch(inbox, UidSet.all()).stream().map(MessageMetadata::uid).toList());
            assertThat(fetched).hasSize(mine.size());
        }
    }
}

package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.Optional;
import java.util.OptionalLong;
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
import org.postern.core.store.AppendResult;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.Flag;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderPath;
import org.postern.core.store.HeaderBlock;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StorageLimit;
import org.postern.core.store.StorageQuota;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * The STORAGE resource of RFC 9208 on every backend: the usage is the sum of the sizes of the
 * mailbox's messages after every append, COPY, MOVE, EXPUNGE and folder deletion (checked
 * against a sum the test makes itself from FETCH's sizes), an append or COPY past the limit is
 * refused with {@link StoreError#NO_QUOTA} and stores nothing, a MOVE never is, and an owner's
 * own limit (or none) wins over the server's default. One database per class; a mailbox per test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageQuotaContract {

    /** The server's default limit of the store under test: room for 10,000 octets. */
    static final long DEFAULT_LIMIT = 10_000;
    static final UidSet ALL = UidSet.of(UidRange.all());

    Path folder;
    Database db;
    SqlMailboxStore store;
    /** The same database without a default limit. */
    SqlMailboxStore unlimited;

    abstract Database openDatabase(Path folder);

    @BeforeAll
    void openStore() throws IOException {
        folder = Files.createTempDirectory("postern-quota-test-");
        db = openDatabase(folder);
        StoreLimits limits = new StoreLimits(1 << 20, Duration.ofHours(1));
        store = SqlMailboxStore.open(db, folder.resolve("blobs"), limits.withStorageLimit(OptionalLong.of(DEFAULT_LIMIT)));
        unlimited = SqlMailboxStore.open(db, folder.resolve("blobs"), limits.withInlineLimit(0));
    }

    @AfterAll
    void closeStore() throws IOException {
        db.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static EmailAddress newOwner() {
        return EmailAddress.parse("q" + UUID.randomUUID().toString().substring(0, 12) + "@example.org");
    }

    /** A message of exactly {@code size} octets. */
    static byte[] message(String subject, int size) {
        byte[] head = TestMessages.simple(subject, "");
        byte[] bytes = new byte[size];
        System.arraycopy(head, 0, bytes, 0, head.length);
        for (int i = head.length; i < size; i++) {
            bytes[i] = (byte) (i % 78 == 77 ? '\n' : 'x');
        }
        return bytes;
    }

    FolderId inbox(EmailAddress owner) {
        return store.inbox(owner).id();
    }

    /** The usage as the test counts it: the sizes FETCH reports, in every folder. */
    long counted(EmailAddress owner) {
        return store.listFolders(owner).stream()
                .flatMap(f -> store.fetch(f.id(), ALL).stream())
                .mapToLong(m -> m.size()).sum();
    }

    static void assertError(StoreError expected, ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.error()).isEqualTo(expected));
    }

    @Test
    void theUsageFollowsAppendCopyMoveExpungeAndFolderDeletion() {
        EmailAddress owner = newOwner();
        store.setStorageLimit(owner, new StorageLimit.Unlimited());
        FolderId inbox = inbox(owner);
        assertThat(store.storageQuota(owner)).isEqualTo(new StorageQuota(0, OptionalLong.empty()));
        AppendResult a = store.append(inbox, TestMessages.request(message("a", 1_000)));
        store.append(inbox, TestMessages.request(message("b", 2_500)));
        unlimited.append(inbox, TestMessages.request(message("c", 200_000))); // a blob file, not inline
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(203_500).isEqualTo(counted(owner));

        FolderId archive = store.createFolder(owner, FolderPath.of("Archive")).id();
        store.copy(inbox, ALL, archive); // every copy counts, though the bytes are kept once
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(407_000).isEqualTo(counted(owner));
        FolderId trash = store.findFolder(owner, SpecialUse.DELETED_ITEMS).orElseThrow().id();
        store.move(archive, UidSet.of(1), trash);
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(407_000).isEqualTo(counted(owner));
        store.expunge(trash, ALL);
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(406_000).isEqualTo(counted(owner));
        store.expunge(inbox, UidSet.of(a.uid()));
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(405_000).isEqualTo(counted(owner));
        store.deleteFolder(owner, FolderPath.of("Archive"));
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(202_500).isEqualTo(counted(owner));
        store.expunge(inbox, ALL);
        assertThat(store.storageQuota(owner).usedOctets()).isZero();
    }

    @Test
    void theDeletedOctetsOfAFolderAreWhatAnExpungeWouldFree() {
        EmailAddress owner = newOwner();
        FolderId inbox = inbox(owner);
        store.append(inbox, TestMessages.request(message("kept", 1_000)));
        AppendResult gone = store.append(inbox, TestMessages.request(message("to go", 2_000)));
        AppendResult alsoGone = store.append(inbox, TestMessages.request(message("to go too", 3_000)));
        assertThat(store.deletedOctets(inbox)).isZero();
        store.storeFlags(inbox, UidSet.of(gone.uid(), alsoGone.uid()), FlagUpdate.add(Flag.DELETED), Optional.empty());
        assertThat(store.deletedOctets(inbox)).isEqualTo(5_000);
        store.expunge(inbox, UidSet.of(gone.uid(), alsoGone.uid()));
        assertThat(store.deletedOctets(inbox)).isZero();
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(1_000);
    }

    @Test
    void anAppendPastTheLimitIsRefusedAndStoresNothing() {
        EmailAddress owner = newOwner();
        FolderId inbox = inbox(owner);
        store.append(inbox, TestMessages.request(message("fits", 6_000)));
        assertThat(store.storageQuota(owner)).isEqualTo(new StorageQuota(6_000, OptionalLong.of(DEFAULT_LIMIT)));
        long uidNext = store.status(inbox).uidNext();
        assertError(StoreError.NO_QUOTA, () -> store.append(inbox, TestMessages.request(message("too much", 4_001))));
        assertThat(store.status(inbox).uidNext()).isEqualTo(uidNext);
        assertThat(store.fetch(inbox, ALL)).hasSize(1);
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(6_000);
        store.append(inbox, TestMessages.request(message("exactly to the limit", 4_000)));
        assertThat(store.storageQuota(owner).full()).isTrue();
        assertError(StoreError.NO_QUOTA, () -> store.appendToInbox(owner, TestMessages.request(message("one more", 200))));
    }

    @Test
    void aCopyPastTheLimitCopiesNothingAndAMoveIsNeverRefused() {
        EmailAddress owner = newOwner();
        FolderId inbox = inbox(owner);
        store.append(inbox, TestMessages.request(message("one", 3_000)));
        store.append(inbox, TestMessages.request(message("two", 3_000)));
        FolderId archive = store.createFolder(owner, FolderPath.of("Archive")).id();
        assertError(StoreError.NO_QUOTA, () -> store.copy(inbox, ALL, archive));
        assertThat(store.fetch(archive, ALL)).isEmpty();
        assertThat(store.status(archive).uidNext()).isEqualTo(1);
        store.copy(inbox, UidSet.of(1), archive);
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(9_000);
        store.move(inbox, ALL, archive); // 9,000 of 10,000 either way
        assertThat(store.fetch(archive, ALL)).hasSize(3);
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(9_000).isEqualTo(counted(owner));
    }

    @Test
    void anOwnersOwnLimitWinsOverTheDefaultAndALowerOneRemovesNothing() {
        EmailAddress owner = newOwner();
        assertThat(store.hasMailbox(owner)).isFalse();
        assertThat(store.storageQuota(owner)).isEqualTo(new StorageQuota(0, OptionalLong.of(DEFAULT_LIMIT)));
        store.setStorageLimit(owner, new StorageLimit.Octets(50_000)); // makes the mailbox
        assertThat(store.hasMailbox(owner)).isTrue();
        store.append(inbox(owner), TestMessages.request(message("big", 30_000)));
        assertThat(store.storageQuota(owner)).isEqualTo(new StorageQuota(30_000, OptionalLong.of(50_000)));
        store.setStorageLimit(owner, new StorageLimit.ServerDefault());
        assertThat(store.storageQuota(owner)).isEqualTo(new StorageQuota(30_000, OptionalLong.of(DEFAULT_LIMIT)));
        assertThat(store.fetch(inbox(owner), ALL)).hasSize(1);
        assertError(StoreError.NO_QUOTA, () -> store.append(inbox(owner), TestMessages.request(message("small", 200))));
        store.setStorageLimit(owner, new StorageLimit.Unlimited());
        store.append(inbox(owner), TestMessages.request(message("small", 200)));
        assertThat(store.storageQuota(owner)).isEqualTo(new StorageQuota(30_200, OptionalLong.empty()));
    }

    @Test
    void aRepeatedDeliveryIsNotChargedTwiceEvenWhenTheMailboxIsFullSinceTheFirst() {
        EmailAddress owner = newOwner();
        DeliveryKey key = new DeliveryKey("queue-1", owner.canonical());
        AppendResult first = store.appendToInbox(owner, TestMessages.request(message("delivered", 7_000)).withDeliveryKey(key));
        store.append(inbox(owner), TestMessages.request(message("filler", 3_000)));
        AppendResult again = store.appendToInbox(owner, TestMessages.request(message("delivered", 7_000)).withDeliveryKey(key));
        assertThat(again.replayed()).isTrue();
        assertThat(again.uid()).isEqualTo(first.uid());
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(10_000).isEqualTo(counted(owner));
    }

    @Test
    void aStoreMadeBeforeV8CountsTheMessagesItHeldAlready() throws IOException {
        // contents with their header blocks, inline: the backfills of older versions have nothing to do
        Path old = Files.createTempDirectory(folder, "v7-");
        EmailAddress owner = newOwner();
        EmailAddress other = newOwner();
        try (Database v7 = openDatabase(old)) {
            // the schema as it was at V7, with messages in two folders of one mailbox and one of another
            Flyway.configure(getClass().getClassLoader()).dataSource(v7.dataSource())
                    .table("flyway_" + SqlMailboxStore.COMPONENT)
                    .locations("classpath:db/" + SqlMailboxStore.COMPONENT + "/" + v7.kind().folder())
                    .baselineOnMigrate(true).baselineVersion("0").target("7").load().migrate();
            OldMailboxRows.create(v7, owner, 1_000);
            OldMailboxRows.create(v7, other, 2_000);
            int[] sizes = {1_000, 2_345, 50_000};
            byte[][] contents = new byte[sizes.length][];
            byte[][] headers = new byte[sizes.length][];
            String[] hashes = new String[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                contents[i] = message("before V8 " + i, sizes[i]);
                headers[i] = HeaderBlock.read(new java.io.ByteArrayInputStream(contents[i]));
                hashes[i] = TestMessages.sha256(contents[i]);
            }
            Sql.guard(() -> v7.write(c -> {
                for (int i = 0; i < sizes.length; i++) {
                    Sql.update(c, "INSERT INTO store_blob (hash, size, header) VALUES (?, ?, ?)", hashes[i], (long) sizes[i],
                            headers[i]);
                    Sql.update(c, "INSERT INTO store_content (hash, content) VALUES (?, ?)", hashes[i], contents[i]);
                }
                // the first content twice in the owner's Inbox and once in its Drafts: every copy counts
                insert(c, owner, SpecialUse.INBOX, 1, hashes[0]);
                insert(c, owner, SpecialUse.INBOX, 2, hashes[1]);
                insert(c, owner, SpecialUse.INBOX, 3, hashes[0]);
                insert(c, owner, SpecialUse.DRAFTS, 1, hashes[0]);
                insert(c, other, SpecialUse.INBOX, 1, hashes[2]);
                return null;
            }));
            SqlMailboxStore upgraded = SqlMailboxStore.open(v7, old.resolve("blobs"),
                    new StoreLimits(1 << 20, Duration.ofHours(1)).withStorageLimit(OptionalLong.of(DEFAULT_LIMIT)));
            assertThat(upgraded.storageQuota(owner)).isEqualTo(new StorageQuota(5_345, OptionalLong.of(DEFAULT_LIMIT)));
            assertThat(upgraded.storageQuota(other)).isEqualTo(new StorageQuota(50_000, OptionalLong.of(DEFAULT_LIMIT)));
            upgraded.expunge(upgraded.findFolder(owner, SpecialUse.INBOX).orElseThrow().id(), UidSet.of(1, 2));
            assertThat(upgraded.storageQuota(owner).usedOctets()).isEqualTo(2_000);
        }
    }

    private static void insert(java.sql.Connection c, EmailAddress owner, SpecialUse use, long uid, String hash)
            throws java.sql.SQLException {
        long folderId = Sql.queryLong(c, "SELECT f.id FROM store_folder f JOIN store_mailbox m ON m.id = f.mailbox_id"
                + " WHERE m.owner = ? AND f.special_use = ?", MailboxRows.key(owner), use.name()).orElseThrow();
        Sql.update(c, "INSERT INTO store_message (folder_id, uid, modseq, blob_hash, internal_date, flags, keywords)"
                + " VALUES (?, ?, 1, ?, 0, 0, '')", folderId, uid, hash);
        Sql.update(c, "UPDATE store_folder SET uid_next = ? WHERE id = ?", uid + 1, folderId);
    }

    @Test
    void concurrentAppendsNeverPassTheLimitTogether() throws Exception {
        EmailAddress owner = newOwner();
        FolderId inbox = inbox(owner);
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            java.util.List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int i = 0; i < writers * 2; i++) {
                int n = i;
                results.add(pool.submit(() -> {
                    try {
                        store.append(inbox, TestMessages.request(message("racer " + n, 1_500)));
                        return true;
                    } catch (StoreException e) {
                        assertThat(e.error()).isEqualTo(StoreError.NO_QUOTA);
                        return false;
                    }
                }));
            }
            long stored = 0;
            for (Future<Boolean> r : results) {
                stored += r.get() ? 1 : 0;
            }
            assertThat(stored).isEqualTo(6); // 6 × 1,500 = 9,000 ≤ 10,000 < 7 × 1,500
        } finally {
            pool.shutdown();
        }
        assertThat(store.storageQuota(owner).usedOctets()).isEqualTo(9_000).isEqualTo(counted(owner));
    }
}

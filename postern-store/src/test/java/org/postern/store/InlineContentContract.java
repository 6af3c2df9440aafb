package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendResult;
import org.postern.core.store.FolderId;
import org.postern.core.store.HeaderBlock;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * Contents kept inside the database (V6, {@code store_content}; docs/adr/0019-inline-content.md)
 * beside contents kept as blob files, on one database and one blob folder: which kind a content
 * gets, reading both back byte for byte, single-instance storage across the two kinds, garbage
 * collection of both, and a store made before V6 opened by this code. Run by one subclass per
 * database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InlineContentContract {

    static final long MAX_SIZE = 1024 * 1024;
    static final int LIMIT = StoreLimits.DEFAULT_INLINE_LIMIT;

    Path folder;
    Database db;
    /** Default inline limit. */
    SqlMailboxStore store;
    /** Same database and blob folder, inline limit 0: every content a file, as before V6. */
    SqlMailboxStore files;
    BlobStore blobs;

    /** This backend's database for the class; {@code folder} is a fresh temporary folder. */
    abstract Database openDatabase(Path folder);

    /** Another, empty database of this backend. */
    abstract Database openEmptyDatabase(Path folder);

    @BeforeAll
    void openStore() throws IOException {
        folder = Files.createTempDirectory("postern-inline-test-");
        db = openDatabase(folder);
        store = SqlMailboxStore.open(db, folder.resolve("blobs"), new StoreLimits(MAX_SIZE, Duration.ofHours(1)));
        files = SqlMailboxStore.open(db, folder.resolve("blobs"), new StoreLimits(MAX_SIZE, Duration.ofHours(1), 0));
        blobs = new BlobStore(folder.resolve("blobs"));
    }

    @AfterAll
    void closeStore() throws IOException {
        db.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A message of exactly {@code size} octets, different for each seed. */
    static byte[] exactly(long seed, int size) {
        byte[] bytes = Arrays.copyOf(TestMessages.random(seed, size), size);
        Arrays.fill(bytes, bytes.length - 2, bytes.length, (byte) '\n');
        return bytes;
    }

    FolderId newInbox() {
        EmailAddress owner = EmailAddress.parse("i" + UUID.randomUUID().toString().substring(0, 12) + "@example.org");
        store.createMailbox(owner);
        return store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
    }

    long inlineRows(Database on, String hash) {
        return Sql.guard(() -> on.read(c -> Sql.queryLong(c, "SELECT COUNT(*) FROM store_content WHERE hash = ?", hash).orElseThrow()));
    }

    long blobRows(Database on, String hash) {
        return Sql.guard(() -> on.read(c -> Sql.queryLong(c, "SELECT COUNT(*) FROM store_blob WHERE hash = ?", hash).orElseThrow()));
    }

    /** The content of UID {@code uid} read both ways a client's command reads it (by UID, and by its metadata). */
    static byte[] read(SqlMailboxStore s, FolderId inbox, long uid) throws IOException {
        byte[] byUid;
        try (InputStream in = s.openContent(inbox, uid)) {
            byUid = in.readAllBytes();
        }
        MessageMetadata m = s.fetch(inbox, UidSet.of(uid)).getFirst();
        try (InputStream in = s.openContent(inbox, m)) {
            assertThat(in.readAllBytes()).as("read through the metadata").isEqualTo(byUid);
        }
        assertThat((long) byUid.length).isEqualTo(m.size());
        return byUid;
    }

    @Test
    void aContentUpToTheLimitLivesInTheDatabaseAndALargerOneInAFile() throws IOException {
        FolderId inbox = newInbox();
        byte[] small = TestMessages.simple("inline", "a short body");
        byte[] atLimit = exactly(System.nanoTime(), LIMIT);
        byte[] overLimit = exactly(System.nanoTime() + 1, LIMIT + 1);
        for (byte[] bytes : new byte[][] {small, atLimit, overLimit}) {
            AppendResult r = store.append(inbox, TestMessages.request(bytes));
            String hash = TestMessages.sha256(bytes);
            boolean inline = bytes.length <= LIMIT;
            assertThat(inlineRows(db, hash)).as("inline row of %d octets", bytes.length).isEqualTo(inline ? 1 : 0);
            assertThat(blobs.exists(hash)).as("blob file of %d octets", bytes.length).isEqualTo(!inline);
            assertThat(read(store, inbox, r.uid())).isEqualTo(bytes);
        }
        MessageMetadata m = store.fetch(inbox, UidSet.of(1)).getFirst();
        assertThat(m.envelope().subject()).isEqualTo("inline");
        try (InputStream in = new ByteArrayInputStream(small)) {
            assertThat(m.headerBlock()).isEqualTo(HeaderBlock.read(in));
        }
    }

    @Test
    void theSameContentIsKeptOnceWhicheverKindCameFirst() throws IOException {
        FolderId inbox = newInbox();
        // a file first (a store before V6, or one with a lower limit), then the same bytes inline-sized
        byte[] fileFirst = TestMessages.random(System.nanoTime(), 6000);
        String fileHash = TestMessages.sha256(fileFirst);
        long f1 = files.append(inbox, TestMessages.request(fileFirst)).uid();
        long f2 = store.append(inbox, TestMessages.request(fileFirst)).uid();
        assertThat(blobs.exists(fileHash)).isTrue();
        assertThat(inlineRows(db, fileHash)).as("the file's row keeps its kind").isZero();
        // inline first, then a store that would make it a file
        byte[] inlineFirst = TestMessages.random(System.nanoTime() + 7, 6000);
        String inlineHash = TestMessages.sha256(inlineFirst);
        long i1 = store.append(inbox, TestMessages.request(inlineFirst)).uid();
        long i2 = files.append(inbox, TestMessages.request(inlineFirst)).uid();
        assertThat(inlineRows(db, inlineHash)).isEqualTo(1);
        // the second append wrote its file before its transaction found the inline row: a copy
        // nobody reads, which the collection removes once it is past its grace period
        store.collectGarbage(Instant.now().plus(1, ChronoUnit.DAYS));
        assertThat(blobs.exists(inlineHash)).as("no file left beside a content kept inline").isFalse();
        assertThat(inlineRows(db, inlineHash)).isEqualTo(1);
        for (long uid : new long[] {f1, f2}) {
            assertThat(read(store, inbox, uid)).isEqualTo(fileFirst);
            assertThat(read(files, inbox, uid)).isEqualTo(fileFirst);
        }
        for (long uid : new long[] {i1, i2}) {
            assertThat(read(store, inbox, uid)).isEqualTo(inlineFirst);
            assertThat(read(files, inbox, uid)).isEqualTo(inlineFirst);
        }
        assertThat(store.fetch(inbox, UidSet.all())).extracting(MessageMetadata::contentHash)
                .containsExactly(fileHash, fileHash, inlineHash, inlineHash);

        store.expunge(inbox, UidSet.of(f1, i1));
        store.collectGarbage(Instant.now().plus(1, ChronoUnit.DAYS));
        assertThat(read(store, inbox, f2)).isEqualTo(fileFirst);
        assertThat(read(store, inbox, i2)).isEqualTo(inlineFirst);
        store.expunge(inbox, UidSet.all());
        store.collectGarbage(Instant.now().plus(1, ChronoUnit.DAYS));
        assertThat(blobs.exists(fileHash)).isFalse();
        assertThat(blobRows(db, fileHash) + blobRows(db, inlineHash) + inlineRows(db, inlineHash)).isZero();
    }

    @Test
    void anUnreferencedInlineContentIsCollectedAtOnceAndAReferencedOneKept() throws IOException {
        FolderId inbox = newInbox();
        byte[] gone = TestMessages.random(System.nanoTime(), 9000);
        byte[] kept = TestMessages.random(System.nanoTime() + 3, 9000);
        long goneUid = store.append(inbox, TestMessages.request(gone)).uid();
        long keptUid = store.append(inbox, TestMessages.request(kept)).uid();
        store.collectGarbage();
        assertThat(read(store, inbox, goneUid)).isEqualTo(gone);
        store.expunge(inbox, UidSet.of(goneUid));
        // no grace period: an inline content is committed with the message that references it
        assertThat(store.collectGarbage()).isGreaterThanOrEqualTo(1);
        assertThat(blobRows(db, TestMessages.sha256(gone)) + inlineRows(db, TestMessages.sha256(gone))).isZero();
        assertThat(inlineRows(db, TestMessages.sha256(kept))).isEqualTo(1);
        assertThat(read(store, inbox, keptUid)).isEqualTo(kept);
        // stored again after its collection: inline again, whole
        long again = store.append(inbox, TestMessages.request(gone)).uid();
        assertThat(read(store, inbox, again)).isEqualTo(gone);
        assertThat(store.fetch(inbox, UidSet.of(again)).getFirst().envelope().subject()).startsWith("random");
    }

    @Test
    void aFileBesideAnInlineContentGoesAfterItsGracePeriod() throws IOException {
        FolderId inbox = newInbox();
        byte[] bytes = TestMessages.random(System.nanoTime(), 4000);
        long uid = store.append(inbox, TestMessages.request(bytes)).uid();
        String hash = TestMessages.sha256(bytes);
        // what an append that chose a file leaves when it dies before its transaction
        try (BlobStore.Staged staged = blobs.stage(new ByteArrayInputStream(bytes), MAX_SIZE)) {
            blobs.ensurePublished(staged);
        }
        store.collectGarbage();
        assertThat(blobs.exists(hash)).as("a fresh file may belong to an append in flight").isTrue();
        store.collectGarbage(Instant.now().plus(1, ChronoUnit.DAYS));
        assertThat(blobs.exists(hash)).isFalse();
        assertThat(inlineRows(db, hash)).isEqualTo(1);
        assertThat(read(store, inbox, uid)).isEqualTo(bytes);
    }

    @Test
    void aStoreMadeBeforeInlineContentsOpensAndReadsItsFiles() throws IOException {
        Path old = Files.createDirectories(folder.resolve("v5-" + UUID.randomUUID()));
        byte[] bytes = TestMessages.simple("stored by V5", "kept as a file");
        String hash = TestMessages.sha256(bytes);
        EmailAddress owner = EmailAddress.parse("v5@example.org");
        try (Database v5 = openEmptyDatabase(old)) {
            // the schema as it was at V5, and a message as V5's append wrote it: file first, then the rows
            Flyway.configure(getClass().getClassLoader()).dataSource(v5.dataSource()).table("flyway_" + SqlMailboxStore.COMPONENT)
                    .locations("classpath:db/" + SqlMailboxStore.COMPONENT + "/" + v5.kind().folder())
                    .baselineOnMigrate(true).baselineVersion("0").target("5").load().migrate();
            OldMailboxRows.create(v5, owner, Instant.now().getEpochSecond());
            BlobStore oldBlobs = new BlobStore(old.resolve("blobs"));
            try (BlobStore.Staged staged = oldBlobs.stage(new ByteArrayInputStream(bytes), MAX_SIZE)) {
                oldBlobs.ensurePublished(staged);
            }
            MessageParser.Parsed parsed = MessageParser.parse(new ByteArrayInputStream(bytes), bytes.length);
            Sql.guard(() -> v5.write(c -> {
                long folderId = Sql.queryLong(c, "SELECT f.id FROM store_folder f JOIN store_mailbox m ON m.id = f.mailbox_id"
                        + " WHERE m.owner = ? AND f.special_use = ?", MailboxRows.key(owner), SpecialUse.INBOX.name()).orElseThrow();
                Sql.update(c, "INSERT INTO store_blob (hash, size, envelope, body_structure) VALUES (?, ?, ?, ?)", hash,
                        (long) bytes.length, StructureCodec.write(parsed.envelope()), StructureCodec.write(parsed.body()));
                Sql.update(c, "UPDATE store_folder SET uid_next = 2, highest_modseq = 1 WHERE id = ?", folderId);
                Sql.update(c, "UPDATE store_mailbox SET modseq = 1 WHERE owner = ?", MailboxRows.key(owner));
                return Sql.update(c, "INSERT INTO store_message (folder_id, uid, modseq, blob_hash, internal_date, flags, keywords)"
                        + " VALUES (?, 1, 1, ?, ?, 0, '')", folderId, hash, Instant.now().toEpochMilli());
            }));
            long rows = Sql.guard(() -> v5.read(c -> Sql.queryLong(c, "SELECT COUNT(*) FROM store_blob").orElseThrow()));
            assertThat(rows).isEqualTo(1);

            SqlMailboxStore upgraded = SqlMailboxStore.open(v5, old.resolve("blobs"), StoreLimits.defaults());
            FolderId inbox = upgraded.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
            assertThat(read(upgraded, inbox, 1)).isEqualTo(bytes);
            MessageMetadata m = upgraded.fetch(inbox, UidSet.of(1)).getFirst();
            assertThat(m.envelope().subject()).isEqualTo("stored by V5");
            try (InputStream in = new ByteArrayInputStream(bytes)) {
                assertThat(m.headerBlock()).as("filled in from the file when the store opened").isEqualTo(HeaderBlock.read(in));
            }
            // the same bytes again: kept once, as the file they are
            long again = upgraded.append(inbox, TestMessages.request(bytes)).uid();
            assertThat(inlineRows(v5, hash)).isZero();
            assertThat(read(upgraded, inbox, again)).isEqualTo(bytes);
            // new contents go inline beside it
            byte[] fresh = TestMessages.simple("after the upgrade", "inline");
            long freshUid = upgraded.append(inbox, TestMessages.request(fresh)).uid();
            assertThat(inlineRows(v5, TestMessages.sha256(fresh))).isEqualTo(1);
            assertThat(read(upgraded, inbox, freshUid)).isEqualTo(fresh);
            upgraded.expunge(inbox, UidSet.of(1, again));
            assertThat(upgraded.collectGarbage(Instant.now().plus(1, ChronoUnit.DAYS))).isEqualTo(1);
            assertThat(oldBlobs.exists(hash)).isFalse();
            assertThat(read(upgraded, inbox, freshUid)).isEqualTo(fresh);
        }
    }
}

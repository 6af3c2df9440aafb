package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderPath;
import org.postern.core.store.HeaderBlock;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * The header-field index (V7, {@link HeaderIndex}; docs/adr/0020-header-search-index.md): what
 * {@code searchHeader} answers after APPEND, COPY, MOVE, EXPUNGE, RENAME and DELETE of a folder,
 * for a field it does not index and for a folder whose index is not complete, and a store made
 * at V6 filled in when this code opens it. Run by one subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class HeaderIndexContract {

    static final long MAX_SIZE = 1024 * 1024;
    static final UidRange ALL = new UidRange(1, UidRange.MAX_UID);

    Path folder;
    Database db;
    SqlMailboxStore store;

    /** This backend's database for the class; {@code folder} is a fresh temporary folder. */
    abstract Database openDatabase(Path folder);

    /** Another, empty database of this backend. */
    abstract Database openEmptyDatabase(Path folder);

    @BeforeAll
    void openStore() throws IOException {
        folder = Files.createTempDirectory("postern-header-index-test-");
        db = openDatabase(folder);
        store = SqlMailboxStore.open(db, folder.resolve("blobs"), new StoreLimits(MAX_SIZE, Duration.ofHours(1)));
    }

    @AfterAll
    void closeStore() throws IOException {
        db.close();
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static EmailAddress newOwner() {
        return EmailAddress.parse("h" + UUID.randomUUID().toString().substring(0, 12) + "@example.org");
    }

    /** A message with these header lines (CRLF added) and a short body. */
    static byte[] message(String... headerLines) {
        StringBuilder sb = new StringBuilder();
        for (String line : headerLines) {
            sb.append(line).append("\r\n");
        }
        return sb.append("\r\nbody text\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static List<Long> search(SqlMailboxStore store, FolderId folder, String field, String value) {
        Optional<long[]> found = store.searchHeader(folder, ALL, field, value);
        assertThat(found).as("%s %s answered by the index", field, value).isPresent();
        return Arrays.stream(found.get()).boxed().toList();
    }

    @Test
    void valuesAreDecodedUnfoldedAndCaseFolded() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
        long a = store.append(inbox, TestMessages.request(message("Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?= und Bonn",
                "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@example.test>", "To: Alice <alice@example.test>,", " Bob <bob@example.test>"))).uid();
        long b = store.append(inbox, TestMessages.request(message("Subject: Topic-12 weekly", "Cc: carol@example.test",
                "Subject: second subject line"))).uid();
        long c = store.append(inbox, TestMessages.request(message("From: dave@example.test"))).uid();

        assertThat(search(store, inbox, "SUBJECT", "KÖLN UND")).containsExactly(a);
        assertThat(search(store, inbox, "subject", "=?ISO")).isEmpty(); // the encoded form is not what is searched
        assertThat(search(store, inbox, "from", "jürgen müller")).containsExactly(a);
        assertThat(search(store, inbox, "to", "test>, bob")).containsExactly(a); // folded: one space
        assertThat(search(store, inbox, "subject", "topic-12 ")).containsExactly(b);
        assertThat(search(store, inbox, "subject", "weekly\nsecond")).containsExactly(b); // repeated fields joined by a line feed
        assertThat(search(store, inbox, "subject", "")).containsExactly(a, b); // any message with the field
        assertThat(search(store, inbox, "cc", "CAROL")).containsExactly(b);
        assertThat(search(store, inbox, "bcc", "")).isEmpty();
        assertThat(search(store, inbox, "from", "example.test")).containsExactly(a, c);
        assertThat(store.searchHeader(inbox, new UidRange(b, c), "from", "example.test").orElseThrow()).containsExactly(c);
        // not indexed: the caller reads the header blocks
        assertThat(store.searchHeader(inbox, ALL, "Message-ID", "x")).isEmpty();
        assertThat(store.searchHeader(inbox, ALL, "subject", "a\u0000b")).isEmpty();
    }

    @Test
    void copyMoveExpungeRenameAndDeleteKeepItTrue() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
        FolderId other = store.createFolder(owner, FolderPath.of("Projects")).id();
        long one = store.append(inbox, TestMessages.request(message("Subject: alpha report", "From: x@example.test"))).uid();
        long two = store.append(inbox, TestMessages.request(message("Subject: beta report", "From: y@example.test"))).uid();
        long three = store.append(inbox, TestMessages.request(message("Subject: gamma", "From: y@example.test"))).uid();

        var copied = store.copy(inbox, UidSet.of(one, two), other);
        assertThat(search(store, other, "subject", "REPORT")).containsExactlyElementsOf(copied.destinationUids());
        assertThat(search(store, inbox, "subject", "report")).containsExactly(one, two);

        var moved = store.move(inbox, UidSet.of(three), other);
        assertThat(search(store, inbox, "from", "y@")).containsExactly(two);
        assertThat(search(store, other, "from", "y@")).containsExactly(copied.destinationUids().get(1), moved.destinationUids().getFirst());

        store.expunge(inbox, UidSet.of(two));
        assertThat(search(store, inbox, "subject", "report")).containsExactly(one);
        assertThat(search(store, inbox, "from", "")).containsExactly(one);

        store.renameFolder(owner, FolderPath.of("Projects"), FolderPath.of("Archive"));
        assertThat(search(store, other, "subject", "gamma")).containsExactly(moved.destinationUids().getFirst());

        store.deleteFolder(owner, FolderPath.of("Archive"));
        assertThat(indexRows(db, other)).isZero();
        store.deleteMailbox(owner);
        assertThat(indexRows(db, inbox)).isZero();
    }

    @Test
    void anIncompleteFolderIsNotAnsweredAndItsCopiesAreIndexedFromTheirHeaders() {
        EmailAddress owner = newOwner();
        store.createMailbox(owner);
        FolderId inbox = store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
        FolderId other = store.createFolder(owner, FolderPath.of("Kept")).id();
        long uid = store.append(inbox, TestMessages.request(message("Subject: left behind"))).uid();
        // as a folder filled before V7 is until the backfill has run
        Sql.guard(() -> db.write(c -> {
            Sql.update(c, "DELETE FROM store_header_index WHERE folder_id = ?", inbox.value());
            return Sql.update(c, "UPDATE store_folder SET header_index_complete = 0 WHERE id = ?", inbox.value());
        }));
        assertThat(store.searchHeader(inbox, ALL, "subject", "left")).isEmpty();
        var copied = store.copy(inbox, UidSet.of(uid), other);
        assertThat(search(store, other, "subject", "LEFT")).containsExactlyElementsOf(copied.destinationUids());

        assertThat(new HeaderIndexBackfill(db, new BlobStore(folder.resolve("blobs"))).run()).isEqualTo(1);
        assertThat(search(store, inbox, "subject", "behind")).containsExactly(uid);
    }

    @Test
    void aStoreMadeAtV6IsFilledInWhenItOpens() throws IOException {
        Path old = Files.createDirectories(folder.resolve("v6-" + UUID.randomUUID()));
        EmailAddress owner = newOwner();
        byte[][] messages = new byte[1203][];
        byte[][] headers = new byte[messages.length][];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = message("Subject: =?UTF-8?Q?R=C3=A9sum=C3=A9?= number " + i, "From: sender" + (i % 7) + "@example.test",
                    i % 3 == 0 ? "Cc: team@example.test" : "X-No-Cc: yes");
            headers[i] = HeaderBlock.read(new java.io.ByteArrayInputStream(messages[i]));
        }
        try (Database v6 = openEmptyDatabase(old)) {
            // the schema as it was at V6, and messages as V6's append wrote them: the rows with their inline contents
            Flyway.configure(getClass().getClassLoader()).dataSource(v6.dataSource()).table("flyway_" + SqlMailboxStore.COMPONENT)
                    .locations("classpath:db/" + SqlMailboxStore.COMPONENT + "/" + v6.kind().folder())
                    .baselineOnMigrate(true).baselineVersion("0").target("6").load().migrate();
            OldMailboxRows.create(v6, owner, Instant.now().getEpochSecond());
            Sql.guard(() -> v6.write(c -> {
                long folderId = Sql.queryLong(c, "SELECT f.id FROM store_folder f JOIN store_mailbox m ON m.id = f.mailbox_id"
                        + " WHERE m.owner = ? AND f.special_use = ?", MailboxRows.key(owner), SpecialUse.INBOX.name()).orElseThrow();
                for (int i = 0; i < messages.length; i++) {
                    byte[] bytes = messages[i];
                    String hash = TestMessages.sha256(bytes);
                    MessageParser.Parsed parsed = MessageParser.parse(new java.io.ByteArrayInputStream(bytes), bytes.length);
                    Sql.update(c, "INSERT INTO store_blob (hash, size, envelope, body_structure, header) VALUES (?, ?, ?, ?, ?)", hash,
                            (long) bytes.length, StructureCodec.write(parsed.envelope()), StructureCodec.write(parsed.body()),
                            headers[i]);
                    Sql.update(c, "INSERT INTO store_content (hash, content) VALUES (?, ?)", hash, bytes);
                    Sql.update(c, "INSERT INTO store_message (folder_id, uid, modseq, blob_hash, internal_date, flags, keywords)"
                            + " VALUES (?, ?, 1, ?, ?, 0, '')", folderId, (long) i + 1, hash, Instant.now().toEpochMilli());
                }
                Sql.update(c, "UPDATE store_folder SET uid_next = ?, highest_modseq = 1 WHERE id = ?", (long) messages.length + 1, folderId);
                return Sql.update(c, "UPDATE store_mailbox SET modseq = 1 WHERE owner = ?", MailboxRows.key(owner));
            }));

            SqlMailboxStore upgraded = SqlMailboxStore.open(v6, old.resolve("blobs"), StoreLimits.defaults());
            FolderId inbox = upgraded.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
            assertThat(search(upgraded, inbox, "subject", "RÉSUMÉ NUMBER 1202")).containsExactly(1203L);
            assertThat(search(upgraded, inbox, "subject", "résumé")).hasSize(messages.length);
            assertThat(search(upgraded, inbox, "from", "sender3@")).hasSize(172);
            assertThat(search(upgraded, inbox, "cc", "team")).hasSize(401);
            // the empty folders were complete from the migration on
            FolderId sent = upgraded.findFolder(owner, SpecialUse.SENT).orElseThrow().id();
            assertThat(search(upgraded, sent, "subject", "")).isEmpty();
            long next = upgraded.append(inbox, TestMessages.request(message("Subject: after the upgrade"))).uid();
            assertThat(search(upgraded, inbox, "subject", "upgrade")).containsExactly(next);
        }
    }

    static long indexRows(Database db, FolderId folder) {
        return Sql.guard(() -> db.read(c -> Sql.queryLong(c, "SELECT COUNT(*) FROM store_header_index WHERE folder_id = ?",
                folder.value()).orElseThrow()));
    }
}

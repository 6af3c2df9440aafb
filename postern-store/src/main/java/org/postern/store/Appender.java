package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.HeaderBlock;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidRange;
import org.postern.sql.Database;

/**
 * APPEND (RFC 3501 section 6.3.11, APPENDUID of RFC 4315) and delivery. One transaction adds
 * the blob row, the message row, its header-field index rows ({@link HeaderIndex}, decoded
 * before the transaction) and the delivery key; it is group-committed with those of
 * concurrent appends (one fsync for many deliveries), and an append returns only once it is
 * durable. A content up to the inline limit goes into that same transaction
 * ({@code store_content}, docs/adr/0019-inline-content.md), so that commit is its only wait. A
 * larger one is made durable as a blob file under its hash first: a crash in between leaves at
 * most an unreferenced file, which garbage collection removes; never a row without its bytes.
 * The mailbox's storage usage grows in that transaction, or the append is refused there with
 * {@link StoreError#NO_QUOTA} ({@link MailboxUsage}); a replayed delivery is not charged again.
 */
final class Appender {

    private static final int BLOB_ATTEMPTS = 5;

    private final Database db;
    private final SqlDialect dialect;
    private final BlobStore blobs;
    private final StoreLimits limits;

    Appender(Database db, SqlDialect dialect, BlobStore blobs, StoreLimits limits) {
        this.db = db;
        this.dialect = dialect;
        this.blobs = blobs;
        this.limits = limits;
    }

    AppendResult append(FolderId folderId, AppendRequest request) {
        return append(c -> FolderRow.byId(c, folderId.value()), request);
    }

    /** Final delivery: the owner's Inbox found (its mailbox made if need be) in the append's transaction. */
    AppendResult appendToInbox(EmailAddress owner, AppendRequest request) {
        return append(c -> Folders.inbox(c, dialect, owner), request);
    }

    /** Where an append goes, read inside its transaction. */
    @FunctionalInterface
    private interface Target {
        FolderRow folder(Connection c) throws SQLException;
    }

    private AppendResult append(Target target, AppendRequest request) {
        Optional<DeliveryKey> key = request.deliveryKey();
        // a delivery repeated after a crash is found by its key inside the transaction
        try (BlobStore.Staged staged = blobs.stage(request.content(), limits.maxMessageSize())) {
            boolean inline = staged.size() <= limits.inlineLimit();
            if (!inline) {
                blobs.ensurePublished(staged); // the file durable before the row that names it
            }
            // Parsed here, not in the transaction, whose units the group commit's leader runs one
            // after another for every caller. Wasted when the content is stored already; asking the
            // database first cost every delivery a read to spare the rare repeated content a parse.
            Structure parsed = parse(staged);
            // many deliveries at once share one transaction and one commit (Database.writeGrouped)
            return db.writeGrouped(c -> {
                FolderRow found = target.folder(c);
                FolderId folderId = new FolderId(found.id());
                long mailboxId = found.mailboxId();
                long modSeq = MailboxRows.nextModSeq(c, mailboxId);
                if (key.isPresent()) {
                    Optional<AppendResult> seen = delivered(c, mailboxId, key.get());
                    if (seen.isPresent()) {
                        return seen.get();
                    }
                }
                FolderRow folder = FolderRow.byId(c, folderId.value());
                MailboxUsage.charge(c, mailboxId, staged.size(), limits.storageLimit()); // before anything is written
                holdBlob(c, staged, parsed, inline);
                long uid = folder.uidNext();
                if (uid > UidRange.MAX_UID) {
                    throw new StoreException(StoreError.NOT_ALLOWED, "UID space of folder " + folderId + " exhausted");
                }
                Sql.update(c, "UPDATE store_folder SET uid_next = ?, highest_modseq = ? WHERE id = ?", uid + 1, modSeq, folder.id());
                Sql.update(c, "INSERT INTO store_message (folder_id, uid, modseq, blob_hash, internal_date, flags, keywords)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)", folder.id(), uid, modSeq, staged.hash(),
                        request.internalDate().toEpochMilli(), (long) Flag.toBits(request.flags()),
                        KeywordColumn.write(request.keywords()));
                HeaderIndex.insert(c, folder.id(), uid, parsed.indexed());
                AppendResult result = new AppendResult(folderId, folder.uidValidity(), uid, modSeq, staged.size(), false);
                if (key.isPresent()) {
                    Sql.update(c, "INSERT INTO store_delivery (mailbox_id, delivery_key, folder_id, uid_validity, uid, modseq, size)"
                                    + " VALUES (?, ?, ?, ?, ?, ?, ?)", mailboxId, key.get().value(), folder.id(),
                            folder.uidValidity(), uid, modSeq, staged.size());
                }
                return result;
            });
        }
    }

    /**
     * Makes sure the blob row exists with its bytes and stays for this transaction (a shared
     * lock on PostgreSQL; SQLite has one writer). A row found keeps the kind it was stored as,
     * whatever this append's size would choose (single-instance storage across both kinds):
     * inline, its bytes are in the database; a file, the file must be there — a collection may
     * have removed it with its row just before, and the staged copy then brings it back. A new
     * row gets its content in this transaction when the content is {@code inline}; otherwise
     * its file was published before the transaction (and is checked again here).
     */
    private void holdBlob(Connection c, BlobStore.Staged staged, Structure parsed, boolean inline) throws SQLException {
        for (int attempt = 0; attempt < BLOB_ATTEMPTS; attempt++) {
            OptionalLong kept = Sql.queryLong(c, dialect.lockForShare("SELECT CASE WHEN EXISTS"
                    + " (SELECT 1 FROM store_content i WHERE i.hash = b.hash) THEN 1 ELSE 0 END FROM store_blob b WHERE b.hash = ?"),
                    staged.hash());
            if (kept.isPresent()) {
                if (kept.getAsLong() == 0) {
                    blobs.ensurePublished(staged);
                }
                return;
            }
            int inserted = Sql.update(c, "INSERT INTO store_blob (hash, size, envelope, body_structure, header) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (hash) DO NOTHING", staged.hash(), staged.size(),
                    StructureCodec.write(parsed.parsed().envelope()), StructureCodec.write(parsed.parsed().body()),
                    parsed.header());
            if (inserted == 1) {
                // this transaction's own row: nobody else can see it, let alone collect it
                if (inline) {
                    Sql.update(c, "INSERT INTO store_content (hash, content) VALUES (?, ?)", staged.hash(), staged.inMemory());
                } else {
                    blobs.ensurePublished(staged);
                }
                return;
            }
            // another transaction committed the row meanwhile (PostgreSQL): read it again, locked
        }
        throw new StoreException(StoreError.TEMPORARY, "blob " + staged.hash() + " keeps vanishing");
    }

    /**
     * What the store keeps of a content beside its bytes: its parse, its header block and the
     * values of the header-field index ({@link HeaderIndex#values}).
     */
    private record Structure(MessageParser.Parsed parsed, byte[] header, String[] indexed) {
    }

    private static Structure parse(BlobStore.Staged staged) {
        try (InputStream in = staged.open(); InputStream again = staged.open()) {
            byte[] header = HeaderBlock.read(again);
            return new Structure(MessageParser.parse(in, staged.size()), header, HeaderIndex.values(header));
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot read the staged message " + staged.hash(), e);
        }
    }

    private static Optional<AppendResult> delivered(Connection c, long mailboxId, DeliveryKey key) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, "SELECT folder_id, uid_validity, uid, modseq, size FROM store_delivery"
                + " WHERE mailbox_id = ? AND delivery_key = ?", mailboxId, key.value());
             ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return Optional.empty();
            }
            return Optional.of(new AppendResult(new FolderId(r.getLong(1)), r.getLong(2), r.getLong(3), r.getLong(4),
                    r.getLong(5), true));
        }
    }
}

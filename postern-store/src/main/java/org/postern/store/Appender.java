package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
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
 * APPEND (RFC 3501 section 6.3.11, APPENDUID of RFC 4315) and delivery. The order makes it
 * atomic: the bytes are made durable under their hash first, then one transaction adds the
 * blob row, the message row and the delivery key. A crash in between leaves at most an
 * unreferenced blob, which garbage collection removes; never a row without its bytes. The
 * transaction is group-committed with those of concurrent appends (one fsync for many
 * deliveries), and an append returns only once it is durable.
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
        Optional<DeliveryKey> key = request.deliveryKey();
        // a delivery repeated after a crash is found by its key inside the transaction; staging
        // its content again costs no write, since that content is stored already
        try (BlobStore.Staged staged = blobs.stage(request.content(), limits.maxMessageSize())) {
            boolean known = db.read(c -> Sql.queryLong(c, "SELECT size FROM store_blob WHERE hash = ?", staged.hash()).isPresent());
            Structure parsed = known ? null : parse(staged);
            // many deliveries at once share one transaction and one commit (Database.writeGrouped)
            return db.writeGrouped(c -> {
                long mailboxId = FolderRow.byId(c, folderId.value()).mailboxId();
                long modSeq = MailboxRows.nextModSeq(c, mailboxId);
                if (key.isPresent()) {
                    Optional<AppendResult> seen = delivered(c, mailboxId, key.get());
                    if (seen.isPresent()) {
                        return seen.get();
                    }
                }
                FolderRow folder = FolderRow.byId(c, folderId.value());
                holdBlob(c, staged, parsed);
                long uid = folder.uidNext();
                if (uid > UidRange.MAX_UID) {
                    throw new StoreException(StoreError.NOT_ALLOWED, "UID space of folder " + folderId + " exhausted");
                }
                Sql.update(c, "UPDATE store_folder SET uid_next = ?, highest_modseq = ? WHERE id = ?", uid + 1, modSeq, folder.id());
                Sql.update(c, "INSERT INTO store_message (folder_id, uid, modseq, blob_hash, internal_date, flags, keywords)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)", folder.id(), uid, modSeq, staged.hash(),
                        request.internalDate().toEpochMilli(), (long) Flag.toBits(request.flags()),
                        KeywordColumn.write(request.keywords()));
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
     * Makes sure the blob row exists and stays for this transaction (a shared lock on
     * PostgreSQL; SQLite has one writer), and that its file is there: a collection may have
     * removed both just before, and the staged copy then brings the file back.
     */
    private void holdBlob(Connection c, BlobStore.Staged staged, Structure parsed) throws SQLException {
        Structure structure = parsed;
        for (int attempt = 0; attempt < BLOB_ATTEMPTS; attempt++) {
            if (Sql.queryLong(c, dialect.lockForShare("SELECT size FROM store_blob WHERE hash = ?"), staged.hash()).isPresent()) {
                blobs.ensurePublished(staged);
                return;
            }
            if (structure == null) {
                structure = parse(staged);
            }
            Sql.update(c, "INSERT INTO store_blob (hash, size, envelope, body_structure, header) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (hash) DO NOTHING", staged.hash(), staged.size(),
                    StructureCodec.write(structure.parsed().envelope()), StructureCodec.write(structure.parsed().body()),
                    structure.header());
        }
        throw new StoreException(StoreError.TEMPORARY, "blob " + staged.hash() + " keeps vanishing");
    }

    /** What the store keeps of a content beside its bytes: its parse and its header block. */
    private record Structure(MessageParser.Parsed parsed, byte[] header) {
    }

    private static Structure parse(BlobStore.Staged staged) {
        try (InputStream in = staged.open(); InputStream again = staged.open()) {
            return new Structure(MessageParser.parse(in, staged.size()), HeaderBlock.read(again));
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

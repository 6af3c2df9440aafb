package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.postern.core.store.CopyResult;
import org.postern.core.store.Flag;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.FolderId;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.store.StoreFlagsResult;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * The changing side: STORE (RFC 3501 section 6.4.6 with UNCHANGEDSINCE of RFC 7162 section
 * 3.1.3), UID EXPUNGE (RFC 4315 section 2.1), COPY with COPYUID (RFC 4315 section 3) and
 * MOVE (RFC 6851). Each call is one transaction that takes one mod-sequence of the mailbox; the
 * header-field index ({@link HeaderIndex}) and the mailbox's storage usage ({@link MailboxUsage}:
 * a COPY is charged before it writes, an EXPUNGE released, a MOVE changes nothing) change with
 * the messages in it.
 */
final class MessageWrites {

    /** A message row as these operations need it. */
    private record Row(long uid, long modSeq, String blobHash, long internalDate, int flags, String keywords, long size) {
    }

    private final Database db;
    private final StoreLimits limits;

    MessageWrites(Database db, StoreLimits limits) {
        this.db = db;
        this.limits = limits;
    }

    StoreFlagsResult storeFlags(FolderId folder, UidSet uids, FlagUpdate update, Optional<Long> unchangedSince) {
        return db.write(c -> {
            FolderRow f = FolderRow.byId(c, folder.value());
            long modSeq = MailboxRows.nextModSeq(c, f.mailboxId());
            List<MessageFlags> updated = new ArrayList<>();
            List<Long> modified = new ArrayList<>();
            for (Row row : rows(c, f.id(), uids)) {
                if (unchangedSince.isPresent() && row.modSeq() > unchangedSince.get()) {
                    modified.add(row.uid());
                    continue;
                }
                Set<Flag> flags = apply(update.mode(), Flag.fromBits(row.flags()), update.flags());
                Set<String> keywords = apply(update.mode(), KeywordColumn.read(row.keywords()), update.keywords());
                String keywordColumn = KeywordColumn.write(keywords);
                if (Flag.toBits(flags) == row.flags() && keywordColumn.equals(row.keywords())) {
                    updated.add(new MessageFlags(row.uid(), row.modSeq(), flags, keywords));
                    continue;
                }
                Sql.update(c, "UPDATE store_message SET flags = ?, keywords = ?, modseq = ? WHERE folder_id = ? AND uid = ?",
                        (long) Flag.toBits(flags), keywordColumn, modSeq, f.id(), row.uid());
                updated.add(new MessageFlags(row.uid(), modSeq, flags, keywords));
            }
            if (updated.stream().anyMatch(m -> m.modSeq() == modSeq)) {
                Sql.update(c, "UPDATE store_folder SET highest_modseq = ? WHERE id = ?", modSeq, f.id());
            }
            return new StoreFlagsResult(updated, modified);
        });
    }

    List<Long> expunge(FolderId folder, UidSet uids) {
        return db.write(c -> {
            FolderRow f = FolderRow.byId(c, folder.value());
            long modSeq = MailboxRows.nextModSeq(c, f.mailboxId());
            List<Row> found = sizedRows(c, f.id(), uids);
            List<Long> gone = found.stream().map(Row::uid).toList();
            remove(c, f.id(), gone, modSeq);
            MailboxUsage.release(c, f.mailboxId(), found.stream().mapToLong(Row::size).sum());
            return gone;
        });
    }

    CopyResult copy(FolderId from, UidSet uids, FolderId to, boolean move) {
        return db.write(c -> {
            FolderRow source = FolderRow.byId(c, from.value());
            FolderRow target = FolderRow.byId(c, to.value());
            if (source.mailboxId() != target.mailboxId()) {
                throw new StoreException(StoreError.NOT_ALLOWED, "copy between mailboxes");
            }
            long modSeq = MailboxRows.nextModSeq(c, source.mailboxId());
            if (move && source.id() == target.id()) {
                throw new StoreException(StoreError.NOT_ALLOWED, "move into the same folder");
            }
            target = FolderRow.byId(c, to.value());
            List<Row> rows = sizedRows(c, source.id(), uids);
            long next = target.uidNext();
            if (next + rows.size() - 1 > UidRange.MAX_UID) {
                throw new StoreException(StoreError.NOT_ALLOWED, "UID space of folder " + to + " exhausted");
            }
            if (!move) {
                MailboxUsage.charge(c, source.mailboxId(), rows.stream().mapToLong(Row::size).sum(), limits.storageLimit());
            }
            List<Long> sourceUids = new ArrayList<>();
            List<Long> targetUids = new ArrayList<>();
            boolean indexed = HeaderIndex.complete(c, source.id());
            for (Row row : rows) {
                Sql.update(c, "INSERT INTO store_message (folder_id, uid, modseq, blob_hash, internal_date, flags, keywords)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?)", target.id(), next, modSeq, row.blobHash(),
                        row.internalDate(), (long) row.flags(), row.keywords());
                if (indexed) {
                    HeaderIndex.copy(c, source.id(), row.uid(), target.id(), next);
                } else {
                    indexCopy(c, row, target.id(), next);
                }
                sourceUids.add(row.uid());
                targetUids.add(next++);
            }
            if (!rows.isEmpty()) {
                Sql.update(c, "UPDATE store_folder SET uid_next = ?, highest_modseq = ? WHERE id = ?", next, modSeq, target.id());
            }
            if (move) {
                remove(c, source.id(), sourceUids, modSeq);
            }
            return new CopyResult(target.uidValidity(), sourceUids, targetUids);
        });
    }

    /**
     * The index rows of a copy whose source folder's index is not complete yet: from the
     * content's header block; without one (a content the header backfill could not read), the
     * target folder is searched by reading header blocks until the index backfill has run.
     */
    private static void indexCopy(Connection c, Row row, long targetFolder, long targetUid) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, "SELECT header FROM store_blob WHERE hash = ?", row.blobHash());
             ResultSet r = s.executeQuery()) {
            byte[] block = r.next() ? r.getBytes(1) : null;
            if (block == null) {
                HeaderIndex.markIncomplete(c, targetFolder);
            } else {
                HeaderIndex.insert(c, targetFolder, targetUid, HeaderIndex.values(block));
            }
        }
    }

    /** Deletes the rows (and their header-field index rows) and logs each UID as expunged at {@code modSeq}. */
    private static void remove(Connection c, long folderId, List<Long> uids, long modSeq) throws SQLException {
        for (long uid : uids) {
            Sql.update(c, "DELETE FROM store_message WHERE folder_id = ? AND uid = ?", folderId, uid);
            HeaderIndex.remove(c, folderId, uid);
            Sql.update(c, "INSERT INTO store_expunged (folder_id, uid, modseq) VALUES (?, ?, ?)", folderId, uid, modSeq);
        }
        if (!uids.isEmpty()) {
            Sql.update(c, "UPDATE store_folder SET highest_modseq = ? WHERE id = ?", modSeq, folderId);
        }
    }

    /** The rows of {@code uids}, without their sizes ({@link Row#size} 0): what STORE needs. */
    private static List<Row> rows(Connection c, long folderId, UidSet uids) throws SQLException {
        return rows(c, folderId, uids, "0 FROM store_message m");
    }

    /** The rows of {@code uids} with their contents' sizes, for the storage usage (EXPUNGE, COPY). */
    private static List<Row> sizedRows(Connection c, long folderId, UidSet uids) throws SQLException {
        return rows(c, folderId, uids, "b.size FROM store_message m JOIN store_blob b ON b.hash = m.blob_hash");
    }

    private static List<Row> rows(Connection c, long folderId, UidSet uids, String sizeAndSource) throws SQLException {
        TreeMap<Long, Row> found = new TreeMap<>();
        for (UidRange range : uids.ranges()) {
            try (PreparedStatement s = Sql.prepare(c, "SELECT m.uid, m.modseq, m.blob_hash, m.internal_date, m.flags, m.keywords, "
                    + sizeAndSource + " WHERE m.folder_id = ? AND m.uid BETWEEN ? AND ?", folderId, range.first(), range.last());
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.put(r.getLong(1), new Row(r.getLong(1), r.getLong(2), r.getString(3), r.getLong(4),
                            (int) r.getLong(5), r.getString(6), r.getLong(7)));
                }
            }
        }
        return new ArrayList<>(found.values());
    }

    private static <T extends Comparable<T>> Set<T> apply(FlagUpdate.Mode mode, Set<T> current, Set<T> given) {
        Set<T> result = new TreeSet<>(current);
        switch (mode) {
            case ADD -> result.addAll(given);
            case REMOVE -> result.removeAll(given);
            case REPLACE -> {
                result.clear();
                result.addAll(given);
            }
        }
        return result;
    }
}

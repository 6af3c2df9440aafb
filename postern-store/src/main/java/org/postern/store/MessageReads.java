package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.postern.core.store.Changes;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderSnapshot;
import org.postern.core.store.FolderStatus;
import org.postern.core.store.HeaderBlock;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * The reading side: FETCH of metadata and content (RFC 3501 section 6.4.5), STATUS (section
 * 6.3.10, with HIGHESTMODSEQ of RFC 7162 and SIZE of RFC 8438) and the change log behind
 * CHANGEDSINCE and VANISHED (RFC 7162 sections 3.1.4.1 and 3.2.10).
 */
final class MessageReads {

    /** The stored form of a row without an ENVELOPE (NULL, read as the empty one): no JSON is empty. */
    private static final byte[] NO_ENVELOPE = new byte[0];

    private final Database db;
    private final Contents contents;
    /** The last snapshots of a few folders: 64 folders, 2^20 UIDs (8 MiB) at most. */
    private final FolderSnapshots snapshots = new FolderSnapshots(64, 1 << 20);

    MessageReads(Database db, BlobStore blobs) {
        this.db = db;
        this.contents = new Contents(db, blobs);
    }

    List<MessageMetadata> fetch(FolderId folder, UidSet uids) {
        return db.read(c -> {
            // one range (a SEARCH, a FETCH of n:m) comes in UID order; several may overlap or come unordered
            boolean ordered = uids.ranges().size() == 1;
            List<MessageMetadata> inOrder = new ArrayList<>();
            Map<Long, MessageMetadata> found = new TreeMap<>();
            for (UidRange range : uids.ranges()) {
                try (PreparedStatement s = Sql.prepare(c, "SELECT m.uid, m.modseq, m.flags, NULLIF(m.keywords, ''), m.internal_date,"
                                + " b.size, b.hash, b.envelope, b.body_structure, b.header FROM store_message m"
                                + " JOIN store_blob b ON b.hash = m.blob_hash"
                                + " WHERE m.folder_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid",
                        folder.value(), range.first(), range.last());
                     ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long size = r.getLong(6);
                        // the JSON as the database's octets (UTF-8), decoded by Jackson only if asked for
                        byte[] envelope = r.getBytes(8);
                        byte[] bodyStructure = r.getBytes(9);
                        byte[] header = r.getBytes(10);
                        long uid = r.getLong(1);
                        String hash = r.getString(7);
                        // decoded on first use: most FETCHes ask for one of the two, many for neither
                        MessageMetadata m = new MessageMetadata(uid, r.getLong(2), flagSet((int) r.getLong(3)),
                                KeywordColumn.read(r.getString(4)), Instant.ofEpochMilli(r.getLong(5)), size, hash,
                                envelope == null ? NO_ENVELOPE : envelope, () -> StructureCodec.envelope(envelope), () -> StructureCodec.bodyStructure(bodyStructure, size),
                                header != null ? () -> header : () -> readHeader(hash, uid));
                        if (ordered) {
                            inOrder.add(m);
                        } else {
                            found.put(uid, m);
                        }
                    }
                }
            }
            if (inOrder.isEmpty() && found.isEmpty()) {
                FolderRow.byId(c, folder.value()); // none found: NOT_FOUND if the folder is gone
            }
            return ordered ? inOrder : new ArrayList<>(found.values());
        });
    }

    List<MessageFlags> fetchFlags(FolderId folder, UidSet uids) {
        return db.read(c -> {
            if (uids.ranges().size() == 1) {
                // One range (SELECT, a FETCH of n:m): the rows come in UID order from the (folder_id, uid) index.
                List<MessageFlags> found = new ArrayList<>();
                UidRange range = uids.ranges().getFirst();
                try (PreparedStatement s = Sql.prepare(c, "SELECT uid, modseq, flags, NULLIF(keywords, '') FROM store_message"
                        + " WHERE folder_id = ? AND uid BETWEEN ? AND ? ORDER BY uid", folder.value(), range.first(), range.last());
                     ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.add(flags(r));
                    }
                }
                if (found.isEmpty()) {
                    FolderRow.byId(c, folder.value());
                }
                return found;
            }
            Map<Long, MessageFlags> found = new TreeMap<>();
            for (UidRange range : uids.ranges()) {
                try (PreparedStatement s = Sql.prepare(c, "SELECT uid, modseq, flags, NULLIF(keywords, '') FROM store_message"
                        + " WHERE folder_id = ? AND uid BETWEEN ? AND ?", folder.value(), range.first(), range.last());
                     ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        found.put(r.getLong(1), flags(r));
                    }
                }
            }
            if (found.isEmpty()) {
                FolderRow.byId(c, folder.value());
            }
            return new ArrayList<>(found.values());
        });
    }

    /**
     * UID, flags and header block only, row by row from the database's cursor; one query per
     * range (SEARCH asks for one). Every message is handed over: a pre-filter in SQL
     * ({@code instr(lower(header), ?)}) cost SQLite more than copying the blocks out saved
     * (docs/adr/0020-header-search-index.md).
     */
    void scanHeaders(FolderId folder, UidSet uids, MailboxStore.HeaderVisitor visitor) {
        db.read(c -> {
            boolean any = false;
            for (UidRange range : uids.ranges()) {
                String sql = "SELECT m.uid, m.modseq, m.flags, NULLIF(m.keywords, ''), b.header, b.hash"
                        + " FROM store_message m JOIN store_blob b ON b.hash = m.blob_hash"
                        + " WHERE m.folder_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid";
                try (PreparedStatement s = Sql.prepare(c, sql, folder.value(), range.first(), range.last());
                     ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        byte[] header = r.getBytes(5);
                        MessageFlags flags = flags(r);
                        visitor.visit(flags, header != null ? header : readHeader(r.getString(6), flags.uid()));
                        any = true;
                    }
                }
            }
            if (!any) {
                FolderRow.byId(c, folder.value());
            }
            return null;
        });
    }

    InputStream openContent(FolderId folder, long uid) {
        // the content's own bytes come with its hash when it is kept inline (ADR 0019)
        record Found(String hash, byte[] inline) {
        }
        Optional<Found> found = db.read(c -> {
            try (PreparedStatement s = Sql.prepare(c, "SELECT m.blob_hash, i.content FROM store_message m"
                    + " LEFT JOIN store_content i ON i.hash = m.blob_hash WHERE m.folder_id = ? AND m.uid = ?",
                    folder.value(), uid); ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    return Optional.of(new Found(r.getString(1), r.getBytes(2)));
                }
            }
            FolderRow.byId(c, folder.value());
            return Optional.empty();
        });
        if (found.isEmpty()) {
            throw new StoreException(StoreError.EXPUNGED, "no message with UID " + uid);
        }
        return opened(() -> contents.open(found.get().hash(), found.get().inline()), uid);
    }

    /** The content under {@code hash}, inline or a file (of the message {@code uid}, for the error). */
    InputStream openBlob(String hash, long uid) {
        return opened(() -> contents.open(hash), uid);
    }

    /** A way of opening the content of the message {@code uid}. */
    @FunctionalInterface
    private interface Opening {
        InputStream open() throws IOException;
    }

    /** The opened content, its file gone meaning the message was expunged meanwhile. */
    private static InputStream opened(Opening opening, long uid) {
        try {
            return opening.open();
        } catch (NoSuchFileException e) {
            throw new StoreException(StoreError.EXPUNGED, "message " + uid + " was expunged meanwhile");
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot read message " + uid, e);
        }
    }

    /** The header block from the content itself, for a content the backfill could not read when the store opened. */
    private byte[] readHeader(String hash, long uid) {
        try (InputStream in = openBlob(hash, uid)) {
            return HeaderBlock.read(in);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot read message " + uid, e);
        }
    }

    FolderStatus status(FolderId folder) {
        return db.read(c -> {
            try (PreparedStatement s = Sql.prepare(c, "SELECT f.uid_next, f.uid_validity, f.highest_modseq,"
                    + " (SELECT COUNT(*) FROM store_message m WHERE m.folder_id = f.id),"
                    + " (SELECT COUNT(*) FROM store_message m WHERE m.folder_id = f.id AND (m.flags & 1) = 0),"
                    + " (SELECT COALESCE(SUM(b.size), 0) FROM store_message m JOIN store_blob b ON b.hash = m.blob_hash"
                    + " WHERE m.folder_id = f.id),"
                    + " (SELECT COUNT(*) FROM store_message m WHERE m.folder_id = f.id AND m.uid >= f.recent_uid),"
                    + " (SELECT COUNT(*) FROM store_message m WHERE m.folder_id = f.id AND (m.flags & " + Flag.toBits(Set.of(Flag.DELETED)) + ") <> 0)"
                    + " FROM store_folder f WHERE f.id = ?", folder.value()); ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new StoreException(StoreError.NOT_FOUND, "no folder " + folder);
                }
                return new FolderStatus(r.getLong(4), r.getLong(5), r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(6),
                        r.getLong(7), r.getLong(8));
            }
        });
    }

    /** The sizes of the folder's messages flagged {@code \Deleted}, summed; 0 for none (or no such folder). */
    long deletedOctets(FolderId folder) {
        return db.read(c -> Sql.queryLong(c, "SELECT COALESCE(SUM(b.size), 0) FROM store_message m"
                + " JOIN store_blob b ON b.hash = m.blob_hash WHERE m.folder_id = ? AND (m.flags & "
                + Flag.toBits(Set.of(Flag.DELETED)) + ") <> 0", folder.value()).orElse(0));
    }

    /**
     * The folder row and its message count first, in one statement; then the UIDs (from the
     * (folder_id, uid) index alone), the first unseen among them and the keywords in use,
     * counted by the database: a change committed in between is at worst reported again by
     * {@link #changesSince}, never missed. The UIDs (and, while HIGHESTMODSEQ is the same, the
     * first unseen and the keywords) are those of the last snapshot when the folder's
     * {@link FolderSnapshots.Key} has not changed since.
     */
    FolderSnapshot snapshot(FolderId folder) {
        return db.read(c -> {
            FolderSnapshots.Key key;
            long highestModSeq;
            long recentMark;
            try (PreparedStatement s = Sql.prepare(c, "SELECT f.uid_validity, f.uid_next, f.highest_modseq, f.recent_uid,"
                    + " (SELECT COUNT(*) FROM store_message m WHERE m.folder_id = f.id)"
                    + " FROM store_folder f WHERE f.id = ?", folder.value()); ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new StoreException(StoreError.NOT_FOUND, "no folder " + folder.value());
                }
                key = new FolderSnapshots.Key(folder.value(), r.getLong(1), r.getLong(2), r.getLong(5));
                highestModSeq = r.getLong(3);
                recentMark = r.getLong(4);
            }
            FolderSnapshots.Kept kept = snapshots.find(key);
            if (kept != null && kept.highestModSeq() == highestModSeq) {
                return new FolderSnapshot(kept.uids(), kept.firstUnseenUid(), kept.keywords(), key.uidNext(), highestModSeq,
                        recentMark);
            }
            long[] uids = kept != null ? kept.uids() : uids(c, folder, (int) key.count());
            int count = uids.length;
            long last = count == 0 ? 0 : uids[count - 1];
            long firstUnseen = Sql.queryLong(c, "SELECT MIN(uid) FROM store_message WHERE folder_id = ? AND uid <= ?"
                    + " AND (flags & " + Flag.toBits(Set.of(Flag.SEEN)) + ") = 0", folder.value(), last).orElse(0);
            Set<String> keywords = new TreeSet<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT DISTINCT keywords FROM store_message WHERE folder_id = ?"
                    + " AND keywords <> ''", folder.value()); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    keywords.addAll(KeywordColumn.read(r.getString(1)));
                }
            }
            // The UIDs read after the key are the key's exactly when none is new (every new one
            // is at or past the key's UIDNEXT) and none is gone (then as many as counted).
            if (count == key.count() && last < key.uidNext()) {
                snapshots.keep(new FolderSnapshots.Kept(key, uids, highestModSeq, firstUnseen, Set.copyOf(keywords)));
            }
            long uidNext = Math.max(key.uidNext(), last + 1); // appended between the two reads
            return new FolderSnapshot(uids, firstUnseen, keywords, uidNext, highestModSeq, recentMark);
        });
    }

    /** The folder's UIDs, ascending, in an array first sized by {@code expected} (the count read just before). */
    private static long[] uids(Connection c, FolderId folder, int expected) throws SQLException {
        // Sized by the count first: one array of the folder's size, not a doubling series and
        // a trimmed copy (a third of the garbage SELECT made)
        long[] uids = new long[expected];
        int count = 0;
        try (PreparedStatement s = Sql.prepare(c, "SELECT uid FROM store_message WHERE folder_id = ? ORDER BY uid",
                folder.value()); ResultSet r = s.executeQuery()) {
            while (r.next()) {
                if (count == uids.length) {
                    uids = Arrays.copyOf(uids, Math.max(16, count * 2));
                }
                uids[count++] = r.getLong(1);
            }
        }
        return count == uids.length ? uids : Arrays.copyOf(uids, count);
    }

    /**
     * HIGHESTMODSEQ, the messages changed since {@code modSeq} and the UIDs expunged since, in
     * one statement: one round trip to PostgreSQL rather than three, and the three from one
     * snapshot of the database on both kinds (every change reported is at or below the
     * HIGHESTMODSEQ returned, and none at or below it is missed).
     */
    Changes changesSince(FolderId folder, long modSeq) {
        return db.read(c -> {
            Long highest = null;
            List<MessageFlags> changed = new ArrayList<>();
            List<Long> expunged = new ArrayList<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT 0, highest_modseq, 0, 0, NULL FROM store_folder WHERE id = ?"
                    + " UNION ALL SELECT 1, uid, modseq, flags, NULLIF(keywords, '') FROM store_message"
                    + " WHERE folder_id = ? AND modseq > ?"
                    + " UNION ALL SELECT 2, uid, 0, 0, NULL FROM store_expunged WHERE folder_id = ? AND modseq > ?"
                    + " ORDER BY 1, 2", folder.value(), folder.value(), modSeq, folder.value(), modSeq);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    switch (r.getInt(1)) {
                        case 0 -> highest = r.getLong(2);
                        case 1 -> changed.add(new MessageFlags(r.getLong(2), r.getLong(3), flagSet((int) r.getLong(4)),
                                KeywordColumn.read(r.getString(5))));
                        default -> expunged.add(r.getLong(2));
                    }
                }
            }
            if (highest == null) {
                throw new StoreException(StoreError.NOT_FOUND, "no folder " + folder.value());
            }
            return new Changes(highest, changed, expunged);
        });
    }

    /** A {@link MessageFlags} from the columns uid, modseq, flags, keywords. */
    private static MessageFlags flags(ResultSet r) throws SQLException {
        return new MessageFlags(r.getLong(1), r.getLong(2), flagSet((int) r.getLong(3)), KeywordColumn.read(r.getString(4)));
    }

    /** Every combination of the system flags as one shared unmodifiable set (MessageFlags keeps it as it is). */
    private static final List<Set<Flag>> FLAG_SETS = IntStream.range(0, 1 << Flag.values().length)
            .mapToObj(bits -> Set.copyOf(Flag.fromBits(bits))).toList();

    private static Set<Flag> flagSet(int bits) {
        return bits >= 0 && bits < FLAG_SETS.size() ? FLAG_SETS.get(bits) : Flag.fromBits(bits);
    }
}

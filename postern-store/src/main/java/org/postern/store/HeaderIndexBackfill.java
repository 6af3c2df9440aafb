package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.postern.core.store.HeaderBlock;
import org.postern.sql.Database;

/**
 * Fills in the header-field index ({@link HeaderIndex}, migration V7) of the folders whose
 * messages were stored before it, when the store opens: a batch of messages per transaction, in
 * UID order, from their header blocks ({@code store_blob.header}, or the content when that is
 * still NULL), then marks the folder complete, from when on SEARCH answers from the index. A
 * message appended, copied or moved meanwhile writes its own rows; one expunged meanwhile is
 * left out by reading, under the mailbox's lock, which of the batch are still there. A folder
 * with a message whose header cannot be read stays incomplete (searched by reading the header
 * blocks, as before) and is tried again at the next start.
 */
final class HeaderIndexBackfill {

    private static final int BATCH = 500;

    private final Database db;
    private final Contents contents;

    HeaderIndexBackfill(Database db, BlobStore blobs) {
        this.db = db;
        this.contents = new Contents(db, blobs);
    }

    /** A message of a batch: its UID and its indexed values (null when its header block could not be read). */
    private record Entry(long uid, String[] values) {
    }

    /** A message as read: its UID, its content's hash and its header block (null: not kept yet). */
    private record Stored(long uid, String hash, byte[] header) {
    }

    /** A folder still to fill in. */
    private record Pending(long folderId, long mailboxId) {
    }

    /** Returns how many folders were completed. */
    int run() {
        List<Pending> folders = db.read(c -> {
            List<Pending> found = new ArrayList<>();
            try (PreparedStatement s = Sql.prepare(c, "SELECT id, mailbox_id FROM store_folder WHERE header_index_complete = 0"
                    + " ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(new Pending(r.getLong(1), r.getLong(2)));
                }
            }
            return found;
        });
        int completed = 0;
        for (Pending folder : folders) {
            if (fill(folder)) {
                completed++;
            }
        }
        return completed;
    }

    private boolean fill(Pending folder) {
        boolean whole = true;
        long after = 0;
        while (true) {
            long from = after;
            List<Stored> read = db.read(c -> {
                List<Stored> rows = new ArrayList<>();
                try (PreparedStatement s = Sql.prepare(c, "SELECT m.uid, b.hash, b.header FROM store_message m"
                        + " JOIN store_blob b ON b.hash = m.blob_hash WHERE m.folder_id = ? AND m.uid > ? ORDER BY m.uid LIMIT " + BATCH,
                        folder.folderId(), from); ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        rows.add(new Stored(r.getLong(1), r.getString(2), r.getBytes(3)));
                    }
                }
                return rows;
            });
            if (read.isEmpty()) {
                break;
            }
            List<Entry> batch = new ArrayList<>();
            for (Stored row : read) {
                byte[] header = row.header() != null ? row.header() : header(row.hash());
                batch.add(new Entry(row.uid(), header == null ? null : HeaderIndex.values(header)));
                whole &= header != null;
            }
            long first = batch.getFirst().uid();
            long last = batch.getLast().uid();
            db.write(c -> {
                MailboxRows.lock(c, folder.mailboxId()); // no expunge of this mailbox between the next read and the commit
                Set<Long> present = new TreeSet<>();
                try (PreparedStatement s = Sql.prepare(c, "SELECT uid FROM store_message WHERE folder_id = ? AND uid BETWEEN ? AND ?",
                        folder.folderId(), first, last); ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        present.add(r.getLong(1));
                    }
                }
                for (Entry e : batch) {
                    if (e.values() != null && present.contains(e.uid())) {
                        HeaderIndex.remove(c, folder.folderId(), e.uid()); // rows a copy made meanwhile: the same values
                        HeaderIndex.insert(c, folder.folderId(), e.uid(), e.values());
                    }
                }
                return null;
            });
            after = last;
        }
        if (!whole) {
            return false;
        }
        db.write(c -> Sql.update(c, "UPDATE store_folder SET header_index_complete = 1 WHERE id = ?", folder.folderId()));
        return true;
    }

    /** The header block from the content, or null when it cannot be read now. */
    private byte[] header(String hash) {
        try (InputStream in = contents.open(hash)) {
            return HeaderBlock.read(in);
        } catch (IOException e) {
            return null;
        }
    }
}

package org.postern.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.sql.Database;
import org.postern.sql.DatabaseException;

/**
 * Garbage collection of single-instance storage: removes the bytes no message references.
 *
 * <p>Each candidate is decided in its own write transaction: the blob row is created if a
 * crash left only the file, then deleted only if no message references it — on PostgreSQL the
 * foreign key stops the delete if an append is committing a reference, and an append holds
 * a shared lock on the row; on SQLite writers take turns. The file moves to {@code trash/}
 * before the commit and is deleted after it; an append that finds it gone puts it back
 * from its staged copy.
 *
 * <p>An inline content ({@code store_content}, docs/adr/0019-inline-content.md) goes with its
 * row in the same delete (the foreign key cascades), under the same row lock and foreign key.
 * It needs no grace period: an append commits an inline content together with the message
 * that references it, so no append in flight owns an unreferenced inline row. A blob file
 * beside an inline row (left by a crash of an append that chose a file, or by a server with a
 * lower inline limit) is a second copy nobody reads, and goes once it is past the grace period.
 */
final class BlobCollector {

    /** Staged files belong to appends in flight; none lasts this long. */
    private static final java.time.Duration TMP_GRACE = java.time.Duration.ofHours(1);

    private final Database db;
    private final SqlDialect dialect;
    private final BlobStore blobs;

    BlobCollector(Database db, SqlDialect dialect, BlobStore blobs) {
        this.db = db;
        this.dialect = dialect;
        this.blobs = blobs;
    }

    /** Collects unreferenced blobs whose files are older than {@code olderThan}; returns how many went. */
    int collect(Instant olderThan) {
        Set<String> candidates = new LinkedHashSet<>();
        try {
            candidates.addAll(blobs.listOlderThan(olderThan));
            Instant sweepBefore = Instant.now().minus(TMP_GRACE);
            blobs.sweep(olderThan.isBefore(sweepBefore) ? olderThan : sweepBefore);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot list the blob folder", e);
        }
        candidates.addAll(db.read(c -> {
            List<String> hashes = new ArrayList<>();
            try (var s = c.prepareStatement("SELECT b.hash FROM store_blob b WHERE NOT EXISTS"
                    + " (SELECT 1 FROM store_message m WHERE m.blob_hash = b.hash)"); var r = s.executeQuery()) {
                while (r.next()) {
                    hashes.add(r.getString(1));
                }
            }
            return hashes;
        }));
        int removed = 0;
        for (String hash : candidates) {
            if (collectOne(hash, olderThan)) {
                removed++;
            }
        }
        return removed;
    }

    private boolean collectOne(String hash, Instant olderThan) {
        Path[] trashed = new Path[1];
        try {
            boolean gone = db.write(c -> {
                long size = blobs.size(hash);
                if (size >= 0 && !BlobStore.modifiedBefore(blobs.path(hash), olderThan)) {
                    return false;
                }
                Sql.update(c, "INSERT INTO store_blob (hash, size) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING",
                        hash, Math.max(size, 0));
                int deleted = Sql.update(c, "DELETE FROM store_blob WHERE hash = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM store_message m WHERE m.blob_hash = ?)", hash, hash);
                if (deleted == 0) {
                    if (size >= 0 && Sql.queryLong(c, "SELECT 1 FROM store_content WHERE hash = ?", hash).isPresent()) {
                        trashed[0] = moveToTrash(hash); // a second copy of an inline content
                    }
                    return false;
                }
                trashed[0] = moveToTrash(hash);
                return true;
            });
            if (trashed[0] != null) {
                BlobStore.deleteQuietly(trashed[0]);
            }
            return gone;
        } catch (DatabaseException | StoreException e) {
            if (trashed[0] != null) {
                blobs.restore(trashed[0], hash);
            }
            if (e instanceof DatabaseException && dialect.isForeignKeyViolation(e)) {
                return false;
            }
            throw e instanceof StoreException se ? se : new StoreException(StoreError.TEMPORARY, e.getMessage(), e);
        }
    }

    private Path moveToTrash(String hash) {
        try {
            return blobs.moveToTrash(hash);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot move blob " + hash + " to trash", e);
        }
    }
}

package org.postern.store;

import org.postern.core.store.FolderId;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.sql.Database;

/**
 * The folder's {@code \Recent} mark (RFC 3501 section 2.3.2), column {@code recent_uid}: the
 * lowest UID no read-write session has claimed. A claim moves the mark up by compare-and-set,
 * so two sessions (in one process or several, on SQLite or PostgreSQL) never both get a UID;
 * a claim with nothing new to take only reads.
 */
final class RecentClaims {

    private final Database db;

    RecentClaims(Database db) {
        this.db = db;
    }

    long mark(FolderId folder) {
        return db.read(c -> Sql.queryLong(c, "SELECT recent_uid FROM store_folder WHERE id = ?", folder.value())
                .orElseThrow(() -> new StoreException(StoreError.NOT_FOUND, "no folder " + folder)));
    }

    /** Moves the mark up to {@code below}; returns where it was (the claim is that mark up to {@code below}). */
    long claim(FolderId folder, long below) {
        long seen = mark(folder);
        while (seen < below) {
            long expected = seen;
            int moved = db.write(c -> Sql.update(c, "UPDATE store_folder SET recent_uid = ? WHERE id = ? AND recent_uid = ?",
                    below, folder.value(), expected));
            if (moved == 1) {
                return expected;
            }
            seen = mark(folder); // another session claimed meanwhile: take what it left, if anything
        }
        return below;
    }
}

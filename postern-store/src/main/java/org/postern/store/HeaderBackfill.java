package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.postern.core.store.HeaderBlock;
import org.postern.sql.Database;

/**
 * Fills in the header block (column {@code store_blob.header}, migration V4) of contents stored
 * before it was kept at append, from their contents (blob files; inline contents have theirs
 * from their append), a batch per transaction, when the store opens. A content whose file is
 * missing or unreadable keeps NULL; a read of the metadata falls
 * back to the file for any row still without it.
 */
final class HeaderBackfill {

    private static final int BATCH = 500;

    private final Database db;
    private final Contents contents;

    HeaderBackfill(Database db, BlobStore blobs) {
        this.db = db;
        this.contents = new Contents(db, blobs);
    }

    /** Returns how many contents got their header block. */
    int run() {
        int filled = 0;
        String after = "";
        while (true) {
            String from = after;
            List<String> hashes = db.read(c -> {
                List<String> batch = new ArrayList<>();
                try (PreparedStatement s = Sql.prepare(c, "SELECT hash FROM store_blob WHERE header IS NULL AND hash > ?"
                        + " ORDER BY hash LIMIT " + BATCH, from); ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        batch.add(r.getString(1));
                    }
                }
                return batch;
            });
            if (hashes.isEmpty()) {
                return filled;
            }
            List<byte[]> headers = new ArrayList<>();
            for (String hash : hashes) {
                headers.add(read(hash));
            }
            filled += db.write(c -> {
                int n = 0;
                for (int i = 0; i < hashes.size(); i++) {
                    if (headers.get(i) != null) {
                        n += Sql.update(c, "UPDATE store_blob SET header = ? WHERE hash = ? AND header IS NULL",
                                headers.get(i), hashes.get(i));
                    }
                }
                return n;
            });
            after = hashes.getLast();
        }
    }

    /** The header block, or null when the file cannot be read now (left for the fallback on read). */
    private byte[] read(String hash) {
        try (InputStream in = contents.open(hash)) {
            return HeaderBlock.read(in);
        } catch (IOException e) {
            return null;
        }
    }
}

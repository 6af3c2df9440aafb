package org.postern.store;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.postern.sql.Database;

/**
 * Opens a stored content by its hash wherever it is kept: its bytes in {@code store_content}
 * (inline, up to the store's inline limit; docs/adr/0019-inline-content.md) or the blob file of
 * that name (larger contents, and every content stored before V6). A content's row keeps one
 * kind for its life, so which one to read is decided by the database alone.
 */
final class Contents {

    private final Database db;
    private final BlobStore blobs;

    Contents(Database db, BlobStore blobs) {
        this.db = db;
        this.blobs = blobs;
    }

    /** The content under {@code hash}; {@link NoSuchFileException} when it is kept neither way. */
    InputStream open(String hash) throws IOException {
        return open(hash, db.read(c -> inline(c, hash)));
    }

    /** The content, from its inline bytes when the caller read them already (null: the file). */
    InputStream open(String hash, byte[] inline) throws IOException {
        return inline != null ? new ByteArrayInputStream(inline) : blobs.open(hash);
    }

    /** The inline bytes of the content under {@code hash}, or null when it is a file (or gone). */
    static byte[] inline(Connection c, String hash) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, "SELECT content FROM store_content WHERE hash = ?", hash);
             ResultSet r = s.executeQuery()) {
            return r.next() ? r.getBytes(1) : null;
        }
    }
}

package org.postern.store;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.core.mime.HeaderText;
import org.postern.core.store.FolderId;
import org.postern.core.store.UidRange;
import org.postern.sql.Database;

/**
 * The header-field index (migration V7, docs/adr/0020-header-search-index.md): per folder, field
 * and UID, the field's values as IMAP SEARCH compares them ({@link HeaderText#values}: unfolded,
 * trimmed, encoded-words decoded, repeated fields joined by a line feed), {@link HeaderText#fold
 * folded}, so that SEARCH SUBJECT and the like are a substring test on a few narrow rows instead
 * of a read of every message's header block. A message without the field has no row. Written in
 * the transaction that adds the message (append, COPY, MOVE) and removed with it (EXPUNGE, MOVE;
 * folder and mailbox deletion by the foreign key's cascade). A folder answers from it only while
 * {@code store_folder.header_index_complete} is 1: new folders, and folders filled in by
 * {@link HeaderIndexBackfill}.
 */
final class HeaderIndex {

    /** The fields indexed, by their code in the table (position + 1): the ENVELOPE's subject and addressees. */
    static final List<String> FIELDS = List.of("subject", "from", "to", "cc", "bcc");

    private static final String CODES = "(1, 2, 3, 4, 5)";

    private final Database db;
    private final SqlDialect dialect;

    HeaderIndex(Database db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    /** The folded values of the indexed fields of one header block (octets), by position in {@link #FIELDS}; null where absent. */
    static String[] values(byte[] headerBlock) {
        String[] values = HeaderText.values(new String(headerBlock, StandardCharsets.ISO_8859_1), FIELDS);
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                values[i] = HeaderText.fold(values[i]);
            }
        }
        return values;
    }

    /** Adds one message's rows (one statement for all its fields). */
    static void insert(Connection c, long folderId, long uid, String[] values) throws SQLException {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("INSERT INTO store_header_index (folder_id, field, uid, value) VALUES ");
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                sql.append(args.isEmpty() ? "" : ", ").append("(?, ").append(i + 1).append(", ?, ?)");
                args.add(folderId);
                args.add(uid);
                args.add(values[i]);
            }
        }
        if (!args.isEmpty()) {
            Sql.update(c, sql.toString(), args.toArray());
        }
    }

    /** Gives the copy {@code toUid} in {@code toFolder} the rows of {@code fromUid} in {@code fromFolder}. */
    static void copy(Connection c, long fromFolder, long fromUid, long toFolder, long toUid) throws SQLException {
        Sql.update(c, "INSERT INTO store_header_index (folder_id, field, uid, value) SELECT ?, field, ?, value"
                + " FROM store_header_index WHERE folder_id = ? AND field IN " + CODES + " AND uid = ?", toFolder, toUid, fromFolder, fromUid);
    }

    /** Removes one message's rows (its key's three columns: one look-up per field). */
    static void remove(Connection c, long folderId, long uid) throws SQLException {
        Sql.update(c, "DELETE FROM store_header_index WHERE folder_id = ? AND field IN " + CODES + " AND uid = ?", folderId, uid);
    }

    /** True when every message of the folder has its rows. */
    static boolean complete(Connection c, long folderId) throws SQLException {
        return Sql.queryLong(c, "SELECT header_index_complete FROM store_folder WHERE id = ?", folderId).orElse(0) == 1;
    }

    /** The folder is answered by scanning again until {@link HeaderIndexBackfill} has filled it in. */
    static void markIncomplete(Connection c, long folderId) throws SQLException {
        Sql.update(c, "UPDATE store_folder SET header_index_complete = 0 WHERE id = ? AND header_index_complete <> 0", folderId);
    }

    /**
     * The UIDs within {@code range}, ascending, of the messages whose {@code field} holds
     * {@code value} as SEARCH compares them ({@link HeaderText#containsIgnoreCase} on the
     * decoded values); empty when the index cannot answer: the field is not indexed, the value
     * cannot be folded ({@link HeaderText#foldable}) or the folder's index is not complete.
     */
    Optional<long[]> search(FolderId folder, UidRange range, String field, String value) {
        int code = FIELDS.indexOf(field.toLowerCase(Locale.ROOT)) + 1;
        if (code == 0 || !HeaderText.foldable(value)) {
            return Optional.empty();
        }
        String needle = HeaderText.fold(value);
        return db.read(c -> {
            FolderRow.byId(c, folder.value());
            if (!complete(c, folder.value())) {
                return Optional.empty();
            }
            String sql = "SELECT uid FROM store_header_index WHERE folder_id = ? AND field = ? AND uid BETWEEN ? AND ?"
                    + (needle.isEmpty() ? "" : " AND " + dialect.holds("value")) + " ORDER BY uid";
            long[] uids = new long[64];
            int n = 0;
            try (PreparedStatement s = needle.isEmpty()
                    ? Sql.prepare(c, sql, folder.value(), code, range.first(), range.last())
                    : Sql.prepare(c, sql, folder.value(), code, range.first(), range.last(), needle);
                 ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (n == uids.length) {
                        uids = Arrays.copyOf(uids, n * 2);
                    }
                    uids[n++] = r.getLong(1);
                }
            }
            return Optional.of(Arrays.copyOf(uids, n));
        });
    }
}

package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderPath;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;

/** One row of {@code store_folder}, and the queries that read it. */
record FolderRow(long id, long mailboxId, String name, SpecialUse specialUse, long uidValidity, long uidNext,
                 long highestModSeq) {

    private static final String COLUMNS = "id, mailbox_id, name, special_use, uid_validity, uid_next, highest_modseq";

    Folder toFolder() {
        return new Folder(new FolderId(id), FolderPath.parse(name), Optional.ofNullable(specialUse), uidValidity);
    }

    FolderPath path() {
        return FolderPath.parse(name);
    }

    static FolderRow byId(Connection c, long folderId) throws SQLException {
        List<FolderRow> rows = query(c, "SELECT " + COLUMNS + " FROM store_folder WHERE id = ?", folderId);
        if (rows.isEmpty()) {
            throw new StoreException(StoreError.NOT_FOUND, "no folder " + folderId);
        }
        return rows.get(0);
    }

    static Optional<FolderRow> byName(Connection c, long mailboxId, FolderPath path) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM store_folder WHERE mailbox_id = ? AND name = ?", mailboxId, path.name())
                .stream().findFirst();
    }

    static Optional<FolderRow> bySpecialUse(Connection c, long mailboxId, SpecialUse use) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM store_folder WHERE mailbox_id = ? AND special_use = ?", mailboxId, use.name())
                .stream().findFirst();
    }

    /**
     * The Inbox of the mailbox of that owner key: the mailbox's id by the owner's unique index,
     * then its Inbox among its folders (two single-table reads; as one join, SQLite's step cost
     * several times more per delivery in the profiles, docs/adr/0009-benchmarks.md).
     */
    static Optional<FolderRow> inboxOf(Connection c, String ownerKey) throws SQLException {
        java.util.OptionalLong mailboxId = Sql.queryLong(c, "SELECT id FROM store_mailbox WHERE owner = ?", ownerKey);
        if (mailboxId.isEmpty()) {
            return Optional.empty();
        }
        return bySpecialUse(c, mailboxId.getAsLong(), SpecialUse.INBOX);
    }

    static List<FolderRow> ofMailbox(Connection c, long mailboxId) throws SQLException {
        return query(c, "SELECT " + COLUMNS + " FROM store_folder WHERE mailbox_id = ?", mailboxId);
    }

    private static List<FolderRow> query(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            List<FolderRow> rows = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String use = r.getString(4);
                    rows.add(new FolderRow(r.getLong(1), r.getLong(2), r.getString(3),
                            use == null ? null : SpecialUse.valueOf(use), r.getLong(5), r.getLong(6), r.getLong(7)));
                }
            }
            return rows;
        }
    }
}

package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.StorageLimit;
import org.postern.core.store.StorageQuota;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;

/**
 * A mailbox's STORAGE usage and limit (RFC 9208 section 5.1), kept on its {@code store_mailbox}
 * row (V8): a counter of octets changed in the very transaction that adds or removes messages,
 * which holds that row already, so the usage is exact at every commit on SQLite and PostgreSQL
 * alike and two appends can never both pass a limit that only one fits under. Reading it is one
 * row, not a sum over the messages (docs/adr/0023-storage-quota.md has the measurement).
 */
final class MailboxUsage {

    /** {@code storage_limit} of an owner who has no limit whatever the default. */
    private static final long UNLIMITED = -1;

    private MailboxUsage() {
    }

    /**
     * Adds {@code octets} to the mailbox's usage, or throws {@link StoreError#NO_QUOTA} (changing
     * nothing) when that would take it past the limit: the owner's own, else {@code defaultLimit}.
     * One statement: the check and the increment cannot be told apart by another writer.
     */
    static void charge(Connection c, long mailboxId, long octets, OptionalLong defaultLimit) throws SQLException {
        if (octets == 0) {
            return;
        }
        int changed = Sql.update(c, "UPDATE store_mailbox SET used_octets = used_octets + ? WHERE id = ?"
                        + " AND (COALESCE(storage_limit, ?) < 0 OR used_octets + ? <= COALESCE(storage_limit, ?))",
                octets, mailboxId, defaultLimit.orElse(UNLIMITED), octets, defaultLimit.orElse(UNLIMITED));
        if (changed == 0) {
            throw new StoreException(StoreError.NO_QUOTA, "mailbox " + mailboxId + " has no room for " + octets + " more octets");
        }
    }

    /** Takes {@code octets} (of messages removed in this transaction) off the mailbox's usage. */
    static void release(Connection c, long mailboxId, long octets) throws SQLException {
        if (octets != 0) {
            Sql.update(c, "UPDATE store_mailbox SET used_octets = used_octets - ? WHERE id = ?", octets, mailboxId);
        }
    }

    /** The octets of the messages of one folder, for a deletion of the folder. */
    static long ofFolder(Connection c, long folderId) throws SQLException {
        return Sql.queryLong(c, "SELECT COALESCE(SUM(b.size), 0) FROM store_message m JOIN store_blob b ON b.hash = m.blob_hash"
                + " WHERE m.folder_id = ?", folderId).orElse(0);
    }

    /** The owner's usage and limit; no mailbox: nothing used, the default limit. */
    static StorageQuota quota(Connection c, EmailAddress owner, OptionalLong defaultLimit) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, "SELECT used_octets, storage_limit FROM store_mailbox WHERE owner = ?",
                MailboxRows.key(owner)); ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                return new StorageQuota(0, defaultLimit);
            }
            long used = r.getLong(1);
            long own = r.getLong(2);
            OptionalLong limit = r.wasNull() ? defaultLimit : own < 0 ? OptionalLong.empty() : OptionalLong.of(own);
            return new StorageQuota(Math.max(0, used), limit);
        }
    }

    /** Sets the owner's own limit on its mailbox row (which must exist). */
    static void setLimit(Connection c, long mailboxId, StorageLimit limit) throws SQLException {
        Long column = switch (limit) {
            case StorageLimit.ServerDefault d -> null;
            case StorageLimit.Unlimited u -> UNLIMITED;
            case StorageLimit.Octets o -> o.value();
        };
        Sql.update(c, "UPDATE store_mailbox SET storage_limit = ? WHERE id = ?", column, mailboxId);
    }
}

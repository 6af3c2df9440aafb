package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;

/**
 * The {@code store_mailbox} row of an owner: its id and its mod-sequence counter (RFC 7162
 * section 3.1.1, one per mailbox; UIDVALIDITY comes from the store's one counter, see
 * {@link Folders}). Every write transaction on a
 * mailbox starts by updating this row, which serializes the mailbox's writers on PostgreSQL
 * (SQLite has one writer anyway), so mod-sequences commit in the order they are taken.
 */
final class MailboxRows {
    private MailboxRows() {
    }

    static String key(EmailAddress owner) {
        return owner.canonical();
    }

    /** The id of the owner's mailbox; {@link StoreError#NOT_FOUND} when it has none. */
    static long id(Connection c, EmailAddress owner) throws SQLException {
        return find(c, owner).orElseThrow(() -> new StoreException(StoreError.NOT_FOUND, "no mailbox for " + owner));
    }

    /** The id of the owner's mailbox, if it has one. */
    static OptionalLong find(Connection c, EmailAddress owner) throws SQLException {
        return Sql.queryLong(c, "SELECT id FROM store_mailbox WHERE owner = ?", key(owner));
    }

    /** Locks the mailbox for this transaction and takes its next mod-sequence. */
    static long nextModSeq(Connection c, long mailboxId) throws SQLException {
        return returning(c, "UPDATE store_mailbox SET modseq = modseq + 1 WHERE id = ? RETURNING modseq", mailboxId);
    }

    /** Locks the mailbox for this transaction without changing it. */
    static void lock(Connection c, long mailboxId) throws SQLException {
        Sql.update(c, "UPDATE store_mailbox SET modseq = modseq WHERE id = ?", mailboxId);
    }

    private static long returning(Connection c, String sql, long mailboxId) throws SQLException {
        try (PreparedStatement s = Sql.prepare(c, sql, mailboxId); ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new StoreException(StoreError.NOT_FOUND, "mailbox " + mailboxId + " is gone");
            }
            return r.getLong(1);
        }
    }
}

package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.FolderPath;
import org.postern.sql.Database;

/**
 * The subscription list of each mailbox (RFC 3501 sections 6.3.6, 6.3.7, 6.3.9): folder names,
 * which need not exist. The store subscribes the default folders of a new mailbox and moves
 * the subscriptions of a renamed subtree with it; deleting a folder leaves its name subscribed.
 */
final class SubscriptionRows {

    private final Database db;

    SubscriptionRows(Database db) {
        this.db = db;
    }

    Set<FolderPath> list(EmailAddress owner) {
        return db.read(c -> {
            Set<FolderPath> names = new TreeSet<>(java.util.Comparator.comparing(FolderPath::name));
            try (PreparedStatement s = Sql.prepare(c, "SELECT name FROM store_subscription WHERE mailbox_id = ?",
                    MailboxRows.id(c, owner)); ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    names.add(FolderPath.parse(r.getString(1)));
                }
            }
            return names;
        });
    }

    void set(EmailAddress owner, FolderPath path, boolean subscribed) {
        db.write(c -> {
            long mailboxId = MailboxRows.id(c, owner);
            if (subscribed) {
                add(c, mailboxId, path);
            } else {
                Sql.update(c, "DELETE FROM store_subscription WHERE mailbox_id = ? AND name = ?", mailboxId, path.name());
            }
            return null;
        });
    }

    static void add(Connection c, long mailboxId, FolderPath path) throws SQLException {
        Sql.update(c, "INSERT INTO store_subscription (mailbox_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", mailboxId, path.name());
    }

    /** Within a RENAME: the subscriptions at {@code old} move to {@code renamed}. */
    static void rename(Connection c, long mailboxId, FolderPath old, FolderPath renamed) throws SQLException {
        if (Sql.update(c, "DELETE FROM store_subscription WHERE mailbox_id = ? AND name = ?", mailboxId, old.name()) > 0) {
            add(c, mailboxId, renamed);
        }
    }
}

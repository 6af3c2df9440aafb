package org.postern.store.autoreply;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AutoReplies;
import org.postern.sql.Database;

/**
 * Out-of-office replies in SQL (schema {@code db/autoreply/}, its own Flyway history), in the
 * store's database: the Mailbox role's per-user data, beside the mailbox it answers for.
 */
public final class SqlAutoReplies implements AutoReplies {

    /** The Flyway component name of the schema. */
    public static final String COMPONENT = "autoreply";

    private final Database db;

    private SqlAutoReplies(Database db) {
        this.db = db;
    }

    /** Brings the schema up to date and opens the settings. */
    public static SqlAutoReplies open(Database db) {
        db.migrate(COMPONENT);
        return new SqlAutoReplies(db);
    }

    @Override
    public Optional<String> text(EmailAddress owner) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT text FROM auto_reply WHERE owner = ?")) {
                s.setString(1, owner.canonical());
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    @Override
    public void set(EmailAddress owner, String text) {
        db.write(c -> {
            forget(c, owner);
            try (PreparedStatement s = c.prepareStatement("INSERT INTO auto_reply (owner, text) VALUES (?, ?)")) {
                s.setString(1, owner.canonical());
                s.setString(2, text);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void clear(EmailAddress owner) {
        db.write(c -> {
            forget(c, owner);
            return null;
        });
    }

    private static void forget(java.sql.Connection c, EmailAddress owner) throws java.sql.SQLException {
        for (String table : new String[] {"auto_reply", "auto_reply_sent"}) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE owner = ?")) {
                s.setString(1, owner.canonical());
                s.executeUpdate();
            }
        }
    }

    @Override
    public boolean claim(EmailAddress owner, String sender, Instant now, Duration period) {
        String key = sender.toLowerCase(Locale.ROOT);
        return db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT sent_ms FROM auto_reply_sent WHERE owner = ? AND sender = ?")) {
                s.setString(1, owner.canonical());
                s.setString(2, key);
                try (ResultSet r = s.executeQuery()) {
                    if (r.next() && now.toEpochMilli() - r.getLong(1) < period.toMillis()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO auto_reply_sent (owner, sender, sent_ms) VALUES (?, ?, ?)"
                    + " ON CONFLICT (owner, sender) DO UPDATE SET sent_ms = excluded.sent_ms")) {
                s.setString(1, owner.canonical());
                s.setString(2, key);
                s.setLong(3, now.toEpochMilli());
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void release(EmailAddress owner, String sender) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM auto_reply_sent WHERE owner = ? AND sender = ?")) {
                s.setString(1, owner.canonical());
                s.setString(2, sender.toLowerCase(Locale.ROOT));
                s.executeUpdate();
            }
            return null;
        });
    }
}

package org.postern.store.autoreply;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AutoReplies;
import org.postern.sql.Database;
import org.postern.sql.OutsideCommits;

/**
 * Out-of-office replies in SQL (schema {@code db/autoreply/}, its own Flyway history), in the
 * store's database: the Mailbox role's per-user data, beside the mailbox it answers for.
 *
 * <p>Every delivery asks for its owner's {@link #text}, and the answer is almost always "off",
 * so texts are kept in memory (on SQLite) while neither of the two things that can change them
 * happened: a write through this object (counted here; one object per database and process, as
 * the server's {@code Foundation} opens it), or a commit of another process to the file (the
 * command line), which {@link Database#outsideCommits()} tells of from the start of this
 * process's latest write. The server's own deliveries commit to the same file all the time and
 * change neither. A delivery asks after its append, so a change committed before the delivery
 * began is always seen (docs/adr/0009-benchmarks.md).
 */
public final class SqlAutoReplies implements AutoReplies {

    /** The Flyway component name of the schema. */
    public static final String COMPONENT = "autoreply";

    /** More owners than this and the kept texts are dropped at once. */
    private static final int MAX_KEPT = 10_000;

    /** Texts kept under one state of the writes that could change them. */
    private record Kept(long ownWrites, OutsideCommits outside, ConcurrentHashMap<String, Optional<String>> texts) {
    }

    private final Database db;
    private final AtomicLong ownWrites = new AtomicLong();
    private volatile Kept kept;

    private SqlAutoReplies(Database db) {
        this.db = db;
    }

    /** Brings the schema up to date and opens the settings. */
    public static SqlAutoReplies open(Database db) {
        db.migrate(COMPONENT);
        return new SqlAutoReplies(db);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reflects every change made through this object, and every change of another process
     * committed before this process's latest write to the database began.
     */
    @Override
    public Optional<String> text(EmailAddress owner) {
        Optional<OutsideCommits> outside = db.outsideCommits();
        if (outside.isEmpty()) {
            return read(owner); // PostgreSQL, or nothing written yet in this process
        }
        long own = ownWrites.get();
        Kept current = kept;
        if (current == null || current.ownWrites() != own || !current.outside().equals(outside.get())
                || current.texts().size() >= MAX_KEPT) {
            current = new Kept(own, outside.get(), new ConcurrentHashMap<>());
            kept = current;
        }
        Optional<String> text = current.texts().get(owner.canonical());
        if (text == null) {
            // read after the state was taken: a write landing meanwhile makes a new state, and
            // this answer, kept under the old one, is not used again
            text = read(owner);
            current.texts().put(owner.canonical(), text);
        }
        return text;
    }

    private Optional<String> read(EmailAddress owner) {
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
        try {
            db.write(c -> {
                forget(c, owner);
                try (PreparedStatement s = c.prepareStatement("INSERT INTO auto_reply (owner, text) VALUES (?, ?)")) {
                    s.setString(1, owner.canonical());
                    s.setString(2, text);
                    s.executeUpdate();
                }
                return null;
            });
        } finally {
            ownWrites.incrementAndGet(); // after the commit: an answer read before it is not kept past it
        }
    }

    @Override
    public void clear(EmailAddress owner) {
        try {
            db.write(c -> {
                forget(c, owner);
                return null;
            });
        } finally {
            ownWrites.incrementAndGet();
        }
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

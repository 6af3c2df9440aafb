package org.postern.store.tracking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.core.tracking.TrackingQuery;
import org.postern.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message tracking log in SQL (schema {@code db/tracking/}, its own Flyway history), in
 * the store's database or any other. Senders and recipients are also kept in lower case for
 * case-insensitive search. Events are written by the database's group commit, with the
 * mailbox store's appends when both share a database.
 */
public final class SqlTrackingLog implements TrackingLog {

    /** The Flyway component name of the tracking schema. */
    public static final String COMPONENT = "tracking";

    private static final Logger LOG = LoggerFactory.getLogger(SqlTrackingLog.class);

    private final Database db;

    private SqlTrackingLog(Database db) {
        this.db = db;
    }

    /** Brings the schema up to date and opens the log. */
    public static SqlTrackingLog open(Database db) {
        db.migrate(COMPONENT);
        return new SqlTrackingLog(db);
    }

    /**
     * Hands the event to the database's next group commit without waiting for it: a session's
     * reply or a delivery does not wait for a second commit of its own (docs/adr/0009).
     */
    @Override
    public void record(TrackingEvent e) {
        db.writeGroupedLater(c -> {
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tracking_event (time_ms, type, message_id, queue_id,"
                    + " sender, sender_key, source, destination, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                s.setLong(1, e.time().toEpochMilli());
                s.setString(2, e.type().name());
                s.setString(3, e.messageId());
                s.setString(4, e.queueId().orElse(null));
                s.setString(5, e.sender());
                s.setString(6, key(e.sender()));
                s.setString(7, e.source());
                s.setString(8, e.destination());
                s.setString(9, e.detail());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    id = r.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO tracking_recipient (event_id, position, recipient,"
                    + " recipient_key) VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < e.recipients().size(); i++) {
                    s.setLong(1, id);
                    s.setInt(2, i);
                    s.setString(3, e.recipients().get(i));
                    s.setString(4, key(e.recipients().get(i)));
                    s.executeUpdate();
                }
            }
            return null;
        }, failure -> LOG.warn("tracking event {} {} not recorded: {}", e.type(), e.queueId().orElse(""), failure.toString()));
    }

    @Override
    public List<TrackingEvent> search(TrackingQuery q) {
        db.writeGrouped(c -> null); // returns once every event recorded before is committed
        StringBuilder sql = new StringBuilder("SELECT id, time_ms, type, message_id, queue_id, sender, source, destination,"
                + " detail FROM tracking_event e WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        q.sender().ifPresent(v -> {
            sql.append(" AND sender_key = ?");
            args.add(key(v));
        });
        q.recipient().ifPresent(v -> {
            sql.append(" AND EXISTS (SELECT 1 FROM tracking_recipient r WHERE r.event_id = e.id AND r.recipient_key = ?)");
            args.add(key(v));
        });
        q.messageId().ifPresent(v -> {
            sql.append(" AND message_id = ?");
            args.add(v);
        });
        q.since().ifPresent(v -> {
            sql.append(" AND time_ms >= ?");
            args.add(v.toEpochMilli());
        });
        sql.append(" ORDER BY time_ms DESC, id DESC LIMIT ?");
        args.add(q.limit());
        return db.read(c -> {
            List<TrackingEvent> events = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        events.add(new TrackingEvent(Instant.ofEpochMilli(r.getLong(2)), TrackingEventType.valueOf(r.getString(3)),
                                r.getString(4), Optional.ofNullable(r.getString(5)), r.getString(6),
                                recipients(c, r.getLong(1)), r.getString(7), r.getString(8), r.getString(9)));
                    }
                }
            }
            return events;
        });
    }

    private static List<String> recipients(Connection c, long eventId) throws SQLException {
        List<String> recipients = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT recipient FROM tracking_recipient WHERE event_id = ? ORDER BY position")) {
            s.setLong(1, eventId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    recipients.add(r.getString(1));
                }
            }
        }
        return recipients;
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}

package org.postern.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * A number that changes whenever a change to an SQLite database is committed, by this process
 * or by another one on the same file (the {@code postern} command line): SQLite's {@code PRAGMA
 * data_version}, read on a connection of its own that never writes, so every commit counts as
 * another connection's. Reading it starts a read transaction, so a commit made before the read
 * began is always seen. A caller may keep answers read from the database while this number
 * stays the same, and still answer as if it read them afresh.
 */
public final class ChangeCounter implements AutoCloseable {

    private final ReentrantLock lock = new ReentrantLock();
    private final Connection connection;
    private final PreparedStatement version;

    ChangeCounter(String url, SQLiteConfig config) {
        try {
            this.connection = DriverManager.getConnection(url, config.toProperties());
            this.version = connection.prepareStatement("PRAGMA data_version");
        } catch (SQLException e) {
            throw new DatabaseException("cannot open the change counter of " + url + ": " + e.getMessage(), e);
        }
    }

    /** The current value; a different value than before means something was committed since. */
    public long value() {
        lock.lock();
        try (ResultSet r = version.executeQuery()) {
            r.next();
            return r.getLong(1);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the change counter: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            version.close();
            connection.close();
        } catch (SQLException e) {
            // closing: nothing left to do
        } finally {
            lock.unlock();
        }
    }
}

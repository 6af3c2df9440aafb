package org.postern.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * What an SQLite writer connection has seen of commits made by any other connection to its
 * file: SQLite's {@code PRAGMA data_version} read on that connection, which changes with every
 * other connection's commit and never with its own, together with the connection itself (a
 * new connection counts afresh, so values of two connections are never equal). Read inside a
 * write transaction, after {@code BEGIN IMMEDIATE} took the file's write lock, it tells of
 * every commit made before that transaction began. See {@link Database#outsideCommits()}.
 *
 * @param connection the physical connection it was read on (compared by identity)
 * @param dataVersion the pragma's value there
 */
public record OutsideCommits(Object connection, long dataVersion) {

    @Override
    public boolean equals(Object o) {
        return o instanceof OutsideCommits other && other.connection == connection && other.dataVersion == dataVersion;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(connection) * 31 + Long.hashCode(dataVersion);
    }

    /** Reads it on a writer connection inside its transaction. */
    static OutsideCommits read(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("PRAGMA data_version"); ResultSet r = s.executeQuery()) {
            r.next();
            return new OutsideCommits(c.unwrap(Connection.class), r.getLong(1));
        }
    }
}

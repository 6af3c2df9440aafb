package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.sql.DatabaseException;

/** Small JDBC helpers shared by the store's classes. */
final class Sql {
    private Sql() {
    }

    /** Runs a statement with positional arguments; returns the update count. */
    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args)) {
            return s.executeUpdate();
        }
    }

    /** The first column of the first row as a long, if any row. */
    static OptionalLong queryLong(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, args); ResultSet r = s.executeQuery()) {
            return r.next() ? OptionalLong.of(r.getLong(1)) : OptionalLong.empty();
        }
    }

    static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        try {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
        } catch (SQLException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** Runs store work, turning a database failure into {@link StoreError#TEMPORARY}. */
    static <T> T guard(Supplier<T> work) {
        try {
            return work.get();
        } catch (DatabaseException e) {
            throw new StoreException(StoreError.TEMPORARY, e.getMessage(), e);
        }
    }
}

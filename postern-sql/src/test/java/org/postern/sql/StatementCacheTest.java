package org.postern.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SQLite statements kept across uses of a connection ({@link StatementCache}), seen through {@link Database}. */
class StatementCacheTest {

    @TempDir
    Path tmp;

    @Test
    void aStatementIsCompiledOnceAndKeepsNoStaleSnapshot() {
        try (Database db = Database.sqlite(tmp.resolve("s.db"))) {
            db.write(c -> {
                c.createStatement().execute("CREATE TABLE t (k INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT NOT NULL)");
                return null;
            });
            for (int i = 1; i <= 20; i++) {
                String value = "v" + i;
                long key = db.write(c -> insert(c, value));
                assertThat(key).isEqualTo(i);
                // each read sees every commit before it: the kept statement was reset, it holds no read snapshot
                long read = db.read(StatementCacheTest::count);
                long inTransaction = db.writeGrouped(StatementCacheTest::count);
                assertThat(read).isEqualTo(i);
                assertThat(inTransaction).isEqualTo(i);
            }
            PreparedStatement first = db.write(c -> compiled(c));
            PreparedStatement again = db.write(c -> compiled(c));
            assertThat(again).isSameAs(first);
            String seventh = db.write(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT v FROM t WHERE k = ?")) {
                    s.setLong(1, 7);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        return r.getString(1);
                    }
                }
            });
            assertThat(seventh).isEqualTo("v7");
        }
    }

    @Test
    void aFailedStatementCanBeUsedAgain() {
        try (Database db = Database.sqlite(tmp.resolve("f.db"))) {
            db.write(c -> {
                c.createStatement().execute("CREATE TABLE u (k INTEGER PRIMARY KEY)");
                return null;
            });
            db.write(c -> insertKey(c, 1));
            for (int i = 0; i < 3; i++) {
                try {
                    db.write(c -> insertKey(c, 1));
                } catch (DatabaseException expected) {
                    assertThat(expected).hasMessageContaining("UNIQUE");
                }
            }
            db.write(c -> insertKey(c, 2));
            long rows = db.read(c -> {
                try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM u"); ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            });
            assertThat(rows).isEqualTo(2);
        }
    }

    private static long insert(Connection c, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (v) VALUES (?) RETURNING k")) {
            s.setString(1, value);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static int insertKey(Connection c, long key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO u (k) VALUES (?)")) {
            s.setLong(1, key);
            return s.executeUpdate();
        }
    }

    private static long count(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM t"); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static PreparedStatement compiled(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT v FROM t WHERE k = ?")) {
            return s.unwrap(PreparedStatement.class);
        }
    }
}

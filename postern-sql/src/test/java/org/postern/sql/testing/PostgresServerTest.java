package org.postern.sql.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postern.sql.Database;

/** The harness itself: one server per JVM, a database of its own per caller, on loopback. */
class PostgresServerTest {

    @Test
    void startsOnceAndGivesEachCallerItsOwnDatabase() {
        PostgresServer server = PostgresServer.shared();
        assertThat(PostgresServer.shared()).isSameAs(server);
        String one = server.createDatabase("harness");
        String two = server.createDatabase("harness");
        assertThat(one).startsWith("jdbc:postgresql://127.0.0.1:" + server.port() + "/").isNotEqualTo(two);
        try (Database db = Database.postgresql(one, PostgresServer.USER, "", 2)) {
            assertThat(db.kind()).isEqualTo(Database.Kind.POSTGRESQL);
            db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE t (v INT)");
                    return s.executeUpdate("INSERT INTO t VALUES (1)");
                }
            });
            int value = db.read(c -> {
                try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT v FROM t")) {
                    r.next();
                    return r.getInt(1);
                }
            });
            assertThat(value).isEqualTo(1);
        }
    }
}

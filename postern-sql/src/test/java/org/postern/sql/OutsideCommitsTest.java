package org.postern.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Database#outsideCommits()}: two {@link Database}s on one SQLite file stand for the
 * server and the command line. The server's own writes, grouped or not, leave the value alone;
 * a commit of the other one shows at the server's next write.
 */
class OutsideCommitsTest {

    @TempDir
    Path tmp;

    @Test
    void ownWritesLeaveItAloneAndAnotherConnectionsCommitShowsAtTheNextWrite() {
        Path file = tmp.resolve("o.db");
        try (Database server = Database.sqlite(file); Database other = Database.sqlite(file)) {
            assertThat(server.outsideCommits()).isEmpty(); // nothing written yet: nothing known
            server.write(c -> c.createStatement().execute("CREATE TABLE t (k INTEGER PRIMARY KEY)"));
            Optional<OutsideCommits> first = server.outsideCommits();
            assertThat(first).isPresent();

            insert(server, 1, false);
            insert(server, 2, true);
            insert(server, 3, false);
            assertThat(server.outsideCommits()).isEqualTo(first);

            insert(other, 4, false); // another process's commit: the server sees it at its next write
            assertThat(server.outsideCommits()).isEqualTo(first);
            insert(server, 5, true);
            Optional<OutsideCommits> second = server.outsideCommits();
            assertThat(second).isPresent().isNotEqualTo(first);

            insert(server, 6, false);
            assertThat(server.outsideCommits()).isEqualTo(second);
            other.read(c -> c.createStatement().executeQuery("SELECT count(*) FROM t").next()); // reads change nothing
            insert(server, 7, true);
            assertThat(server.outsideCommits()).isEqualTo(second);
        }
    }

    private static void insert(Database db, int k, boolean grouped) {
        SqlWork<Integer> work = c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO t (k) VALUES (?)")) {
                s.setInt(1, k);
                return s.executeUpdate();
            }
        };
        if (grouped) {
            db.writeGrouped(work);
        } else {
            db.write(work);
        }
    }
}

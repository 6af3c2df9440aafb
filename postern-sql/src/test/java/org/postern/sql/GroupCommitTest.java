package org.postern.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Database#writeGrouped}: many callers, one transaction per batch, each unit's own fate. */
class GroupCommitTest {

    @TempDir
    Path tmp;

    @Test
    void concurrentUnitsCommitTogetherAndAFailingUnitFailsAlone() throws Exception {
        try (Database db = Database.sqlite(tmp.resolve("g.db"))) {
            db.write(c -> {
                c.createStatement().execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                return null;
            });
            int threads = 16;
            int perThread = 200;
            Set<Integer> returned = ConcurrentHashMap.newKeySet();
            Set<Integer> failed = ConcurrentHashMap.newKeySet();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                all.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        int k = base + i;
                        try {
                            int got = db.writeGrouped(c -> {
                                insert(c, k, "v" + k);
                                if (k % 7 == 0) {
                                    insert(c, -1, "clash"); // a unit that writes, then fails on a duplicate key: all of it is undone
                                    insert(c, -1, "clash");
                                }
                                if (k % 11 == 0) {
                                    throw new IllegalStateException("unit " + k + " refuses");
                                }
                                return k;
                            });
                            assertThat(got).isEqualTo(k);
                            returned.add(k);
                        } catch (DatabaseException | IllegalStateException e) {
                            failed.add(k);
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread t : all) {
                t.join();
            }
            Set<Integer> expectedFailures = new HashSet<>();
            for (int k = 0; k < threads * perThread; k++) {
                if (k % 7 == 0 || k % 11 == 0) {
                    expectedFailures.add(k);
                }
            }
            assertThat(failed).isEqualTo(expectedFailures);
            assertThat(returned).hasSize(threads * perThread - expectedFailures.size());
            Set<Integer> stored = db.read(c -> {
                Set<Integer> keys = new HashSet<>();
                try (ResultSet r = c.createStatement().executeQuery("SELECT k FROM t")) {
                    while (r.next()) {
                        keys.add(r.getInt(1));
                    }
                }
                return keys;
            });
            assertThat(stored).as("exactly the units that returned, nothing of those that failed").isEqualTo(returned);
        }
    }

    @Test
    void exceptionsPassThroughAsFromWrite() {
        try (Database db = Database.sqlite(tmp.resolve("e.db"))) {
            assertThatThrownBy(() -> db.writeGrouped(c -> {
                c.createStatement().execute("SELECT * FROM no_such_table");
                return null;
            })).isInstanceOf(DatabaseException.class).hasMessageContaining("database write failed");
            assertThatThrownBy(() -> db.writeGrouped(c -> {
                throw new UnsupportedOperationException("mine");
            })).isExactlyInstanceOf(UnsupportedOperationException.class).hasMessage("mine");
            String after = db.writeGrouped(c -> "after failures");
            assertThat(after).isEqualTo("after failures");
        }
    }

    @Test
    void unitsHandedInWithoutWaitingAreCommittedInOrderAndTheirFailuresReported() throws Exception {
        Path file = tmp.resolve("later.db");
        Set<Integer> failed = ConcurrentHashMap.newKeySet();
        Set<String> unseen = ConcurrentHashMap.newKeySet();
        int threads = 8;
        int perThread = 300;
        try (Database db = Database.sqlite(file)) {
            db.write(c -> {
                c.createStatement().execute("CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)");
                return null;
            });
            List<Thread> all = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                all.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int k = base + i;
                        db.writeGroupedLater(c -> {
                            insert(c, k, "v" + k);
                            if (k % 13 == 0) {
                                throw new IllegalStateException("unit " + k + " refuses");
                            }
                            return null;
                        }, e -> failed.add(k));
                        if (i % 50 == 0) {
                            // a waiting write returns only after every unit this thread handed in before it
                            int seen = db.writeGrouped(c -> count(c, base, k));
                            int expected = i + 1 - (int) java.util.stream.IntStream.rangeClosed(base, k).filter(n -> n % 13 == 0).count();
                            if (seen != expected) {
                                unseen.add("after " + k + ": " + seen + " rows, not " + expected);
                            }
                        }
                    }
                }));
            }
            for (Thread t : all) {
                t.join();
            }
            // with no caller committing, the flusher commits a unit handed in alone
            db.writeGroupedLater(c -> {
                insert(c, -5, "alone");
                return null;
            }, e -> failed.add(-5));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (db.read(c -> count(c, -5, -5)) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int alone = db.read(c -> count(c, -5, -5));
            assertThat(alone).isEqualTo(1);
        }
        // closing the database committed what was still waiting
        try (Database db = Database.sqlite(file)) {
            int total = threads * perThread;
            long refused = java.util.stream.IntStream.range(0, total).filter(n -> n % 13 == 0).count();
            int stored = db.read(c -> count(c, 0, total - 1));
            assertThat(stored).isEqualTo((int) (total - refused));
            assertThat(failed).doesNotContain(-5);
            assertThat(unseen).isEmpty();
            assertThat(failed).hasSize((int) refused).allMatch(k -> k % 13 == 0);
        }
    }

    private static int count(java.sql.Connection c, int from, int to) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT count(*) FROM t WHERE k BETWEEN ? AND ?")) {
            s.setInt(1, from);
            s.setInt(2, to);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static void insert(java.sql.Connection c, int k, String v) throws java.sql.SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)")) {
            s.setInt(1, k);
            s.setString(2, v);
            s.executeUpdate();
        }
    }
}

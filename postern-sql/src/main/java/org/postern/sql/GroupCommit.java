package org.postern.sql;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit for {@link Database#writeGrouped}: work handed in by concurrent callers runs in
 * one transaction, each unit inside its own savepoint, and one commit makes all of them
 * durable. One caller at a time is the leader: it takes every unit waiting (its own among
 * them, up to {@link #MAX_BATCH}), runs them in arrival order, commits, and hands each caller
 * its own result or exception. A unit that throws is rolled back to its savepoint and fails
 * alone; a failed commit fails every unit of the batch. No caller returns before the commit
 * that holds its work is durable, so a caller sees the same guarantee as from
 * {@link Database#write}, while N callers pay for one fsync instead of N.
 *
 * <p>A unit can also be handed in without waiting ({@link #submit}): it joins the next batch
 * a waiting caller leads and is durable with its commit; the caller learns only of a failure,
 * through its handler. So that such a unit is never left behind when no caller comes, a
 * flusher thread leads a batch for it after {@link #LINGER_NANOS} (it waits that long so as
 * not to add a commit of its own while callers are committing anyway).
 *
 * <p>The leader runs other callers' work on its own thread: a unit must not depend on its
 * thread (thread-locals) or take locks its caller may hold.
 */
final class GroupCommit {

    /** At most this many units share one transaction (bounds a transaction's size and latency). */
    static final int MAX_BATCH = 256;
    /** How long a unit nobody waits for may wait for a batch before the flusher leads one. */
    static final long LINGER_NANOS = 20_000_000;

    private static final class Unit<T> {
        final SqlWork<T> work;
        /** For a unit nobody waits for: told of its failure. */
        final Consumer<Throwable> onFailure;
        T result;
        Throwable failure;
        volatile boolean done;

        Unit(SqlWork<T> work, Consumer<Throwable> onFailure) {
            this.work = work;
            this.onFailure = onFailure;
        }

        void runIn(java.sql.Connection c) throws SQLException {
            Savepoint savepoint = c.setSavepoint();
            try {
                result = work.run(c);
                c.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                c.rollback(savepoint);
                c.releaseSavepoint(savepoint);
                failure = e instanceof SQLException s ? new DatabaseException("database write failed: " + s.getMessage(), s) : e;
            }
        }
    }

    private final Database db;
    private final ConcurrentLinkedQueue<Unit<?>> waiting = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();
    private final AtomicReference<Thread> flusher = new AtomicReference<>();
    private volatile boolean finished;

    GroupCommit(Database db) {
        this.db = db;
    }

    <T> T write(SqlWork<T> work) {
        Unit<T> unit = new Unit<>(work, null);
        waiting.add(unit);
        while (!unit.done) {
            leader.lock();
            try {
                if (!unit.done) {
                    runBatch();
                }
            } finally {
                leader.unlock();
            }
        }
        if (unit.failure instanceof RuntimeException e) {
            throw e;
        }
        if (unit.failure instanceof Error e) {
            throw e;
        }
        return unit.result;
    }

    /** Hands in work without waiting for it; {@code onFailure} is told if it fails or its commit does. */
    void submit(SqlWork<?> work, Consumer<Throwable> onFailure) {
        waiting.add(new Unit<>(work, onFailure));
        Thread thread = flusher.get();
        if (thread == null) {
            Thread made = Thread.ofVirtual().name("postern-group-commit").unstarted(this::flush);
            thread = flusher.compareAndExchange(null, made);
            if (thread == null) {
                thread = made;
                made.start();
            }
        }
        LockSupport.unpark(thread);
    }

    /** The flusher: leads a batch for units that waited {@link #LINGER_NANOS} without one. */
    private void flush() {
        while (!finished) {
            if (waiting.isEmpty()) {
                LockSupport.park(this);
                continue;
            }
            LockSupport.parkNanos(this, LINGER_NANOS);
            if (!waiting.isEmpty() && leader.tryLock()) {
                try {
                    runBatch();
                } finally {
                    leader.unlock();
                }
            }
        }
    }

    /** Waits for the batch under way and commits every unit still waiting (before closing the database). */
    void finish() {
        finished = true;
        Thread thread = flusher.get();
        if (thread != null) {
            LockSupport.unpark(thread);
        }
        leader.lock();
        try {
            while (!waiting.isEmpty()) {
                runBatch();
            }
        } finally {
            leader.unlock();
        }
    }

    /** Runs the waiting units (under the leader lock) in one transaction; completes every one of them. */
    private void runBatch() {
        List<Unit<?>> batch = new ArrayList<>();
        for (Unit<?> u; batch.size() < MAX_BATCH && (u = waiting.poll()) != null; ) {
            batch.add(u);
        }
        if (batch.isEmpty()) {
            return;
        }
        try {
            db.write(c -> {
                for (Unit<?> u : batch) {
                    u.runIn(c);
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            for (Unit<?> u : batch) {
                if (u.failure == null) {
                    u.failure = e;
                }
                u.result = null;
            }
        } finally {
            for (Unit<?> u : batch) {
                u.done = true;
                if (u.onFailure != null && u.failure != null) {
                    u.onFailure.accept(u.failure);
                }
            }
        }
    }
}

package org.postern.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.sqlite.SQLiteConfig;

/**
 * One SQL database, embedded (SQLite, one file in WAL mode) or shared (PostgreSQL), with the
 * two kinds of work a mail server does on it: reads, which run side by side, and write
 * transactions, which commit durably before they return.
 *
 * <p>SQLite allows one writer at a time across every process that opens the file (the server
 * and the {@code postern} command line). Writes therefore go through one connection whose
 * transactions begin {@code IMMEDIATE}, so a writer waits for the lock at its start (with the
 * busy timeout) instead of failing half-way; readers use a pool of their own and never block
 * the writer. {@code synchronous=FULL} makes every commit reach the disk before it returns.
 *
 * <p>Each component keeps its own schema history (Flyway table {@code flyway_<component>})
 * and migrations under {@code db/<component>/<kind>/} on the class path, so the store and the
 * directory can share one PostgreSQL database or live in separate SQLite files.
 */
public final class Database implements AutoCloseable {

    /** The SQL dialects Postern speaks. */
    public enum Kind {
        SQLITE, POSTGRESQL;

        public String folder() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final int SQLITE_BUSY_TIMEOUT_MS = 30_000;

    private final Kind kind;
    private final HikariDataSource readers;
    private final HikariDataSource writers;
    private final ReentrantLock writeLock;
    private final GroupCommit group = new GroupCommit(this);
    /** SQLite's statements kept across uses of a connection; none for PostgreSQL, whose driver keeps its own. */
    private final StatementCache statements;
    /** SQLite only: tells whether anything was committed since (see {@link #changeCounter()}). */
    private final ChangeCounter changes;
    /** SQLite only: other connections' commits as the writer saw them last (see {@link #outsideCommits()}). */
    private volatile OutsideCommits outside;

    private Database(Kind kind, HikariDataSource readers, HikariDataSource writers, ReentrantLock writeLock,
                     ChangeCounter changes) {
        this.kind = kind;
        this.changes = changes;
        this.statements = kind == Kind.SQLITE ? new StatementCache() : null;
        this.readers = readers;
        this.writers = writers;
        this.writeLock = writeLock;
    }

    /** Opens (creating if needed) an SQLite database file in WAL mode. */
    public static Database sqlite(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (java.io.IOException e) {
            throw new DatabaseException("cannot create the folder of " + file, e);
        }
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        HikariDataSource writers = pool("sqlite-writer " + file.getFileName(), url, null, null, 1,
                sqliteConfig(SQLiteConfig.TransactionMode.IMMEDIATE));
        HikariDataSource readers = pool("sqlite-reader " + file.getFileName(), url, null, null, 8,
                sqliteConfig(SQLiteConfig.TransactionMode.DEFERRED));
        return new Database(Kind.SQLITE, readers, writers, new ReentrantLock(),
                new ChangeCounter(url, sqliteConfig(SQLiteConfig.TransactionMode.DEFERRED)));
    }

    /** Connects to a PostgreSQL database (JDBC URL, user and password as the server's configuration gives them). */
    public static Database postgresql(String jdbcUrl, String user, String password, int poolSize) {
        HikariDataSource pool = pool("postgresql", jdbcUrl, user, password, poolSize, null);
        return new Database(Kind.POSTGRESQL, pool, pool, null, null);
    }

    private static SQLiteConfig sqliteConfig(SQLiteConfig.TransactionMode mode) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(mode);
        // nothing here asks for generated keys; the driver would otherwise prepare and run a
        // SELECT last_insert_rowid() after every INSERT and UPDATE (a few % of a delivery's CPU)
        config.setGetGeneratedKeys(false);
        return config;
    }

    private static HikariDataSource pool(String name, String url, String user, String password, int size, SQLiteConfig sqlite) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(Math.min(1, size));
        if (sqlite != null) {
            config.setDataSourceProperties(sqlite.toProperties());
        }
        return new HikariDataSource(config);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * What changes with every commit to this database, from any process, so that answers read
     * from it can be kept while it stays the same; empty on PostgreSQL (ask the database).
     */
    public Optional<ChangeCounter> changeCounter() {
        return Optional.ofNullable(changes);
    }

    /**
     * SQLite: what this process's writer last saw of commits made by other connections to the
     * file (another process: the {@code postern} command line), read at the start of each write
     * transaction; equal values mean no such commit came between them. Unlike
     * {@link #changeCounter()}, this process's own writes leave it alone (they all go through
     * the one writer connection), so answers kept under it survive the server's own deliveries;
     * whatever this process changes, the keeper must learn in-process. A caller whose own write
     * transaction began after another process's commit sees a value that tells of that commit
     * (a delivery, after its append). Empty before this process's first write, and on
     * PostgreSQL (ask the database).
     */
    public Optional<OutsideCommits> outsideCommits() {
        return Optional.ofNullable(outside);
    }

    /** The pool readers use; for migrations and tools, not for writes. */
    public DataSource dataSource() {
        return readers;
    }

    /**
     * Brings a component's schema up to date from {@code db/<component>/<kind>/V*__*.sql}.
     * Safe to call from several processes: Flyway takes the database's lock.
     */
    public void migrate(String component) {
        Flyway.configure(getClass().getClassLoader())
                .dataSource(writers)
                .table("flyway_" + component)
                .locations("classpath:db/" + component + "/" + kind.folder())
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }

    /** Runs read-only work on a pooled connection, in auto-commit mode. */
    public <T> T read(SqlWork<T> work) {
        try (Connection c = readers.getConnection()) {
            return work.run(kept(c));
        } catch (SQLException e) {
            throw new DatabaseException("database read failed: " + e.getMessage(), e);
        }
    }

    /**
     * Runs work in one transaction and commits it durably; rolls back if the work throws.
     * Exceptions the work throws (other than {@link SQLException}) pass through unchanged.
     */
    public <T> T write(SqlWork<T> work) {
        if (writeLock != null) {
            writeLock.lock();
        }
        try (Connection c = writers.getConnection()) {
            c.setAutoCommit(false);
            try {
                Connection kept = kept(c);
                if (kind == Kind.SQLITE) {
                    outside = OutsideCommits.read(kept);
                }
                T result = work.run(kept);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException("database write failed: " + e.getMessage(), e);
        } finally {
            if (writeLock != null) {
                writeLock.unlock();
            }
        }
    }

    /**
     * Like {@link #write}, for small units of work that many threads hand in at once (a
     * delivery's rows, a tracking event): concurrent callers share one transaction and one
     * durable commit, each unit inside its own savepoint, so a unit that throws fails alone
     * (its exception passes through as from {@code write}) and one that returns is committed
     * durably before this returns. The unit may run on another caller's thread: it must not
     * depend on its thread or take locks its caller may hold (see {@code GroupCommit}).
     */
    public <T> T writeGrouped(SqlWork<T> work) {
        return group.write(work);
    }

    private Connection kept(Connection pooled) throws SQLException {
        return statements == null ? pooled : statements.wrap(pooled);
    }

    /**
     * Hands in a small unit of work for the next group commit without waiting for it: it runs
     * in its own savepoint, in order with the units handed in before it, and is durable with
     * that commit, normally within milliseconds. For records whose loss in a crash of the last
     * moments is acceptable (the tracking log), never for what a client is told is stored.
     * {@code onFailure} is told if the unit or its commit fails (on the committing thread).
     * A later {@link #writeGrouped} returns only after every unit handed in before it.
     */
    public void writeGroupedLater(SqlWork<?> work, Consumer<Throwable> onFailure) {
        group.submit(work, onFailure);
    }

    private static void rollbackQuietly(Connection c, Throwable cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() {
        group.finish();
        if (changes != null) {
            changes.close();
        }
        readers.close();
        if (writers != readers) {
            writers.close();
        }
    }
}

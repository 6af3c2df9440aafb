package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.auth.testing.OneUserAuthenticator;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.FolderId;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.SpecialUse;
import org.postern.core.work.LongWork;
import org.postern.protocols.imap.ImapLimits;
import org.postern.sql.Database;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;

/**
 * A SEARCH whose scan computes for long on every carrier of the virtual thread scheduler does
 * not hold up another session's commands, not even a SELECT, whose snapshot is long work too
 * (ADR 0021): sessions over pipes on a real SQLite store,
 * whose flag scan is made to compute (never park) until the test releases it.
 */
class ImapLongWorkTest {

    /** As many carriers as the virtual thread scheduler has. */
    static final int CARRIERS = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());

    @TempDir
    Path tmp;
    Database db;
    LongWork longWork;
    final List<TestClient> clients = new ArrayList<>();

    /** The flag scans that compute: the first {@link #CARRIERS} once armed. */
    volatile boolean armed;
    final AtomicInteger scans = new AtomicInteger();
    final CountDownLatch computing = new CountDownLatch(CARRIERS);
    final AtomicInteger scansEnded = new AtomicInteger();
    volatile boolean released;

    ImapBackend backend;

    @BeforeEach
    void open() {
        db = Database.sqlite(tmp.resolve("store.db"));
        SqlMailboxStore store = SqlMailboxStore.open(db, tmp.resolve("blobs"), StoreLimits.defaults());
        store.createMailbox(ImapSessionTest.ALICE);
        FolderId inbox = store.findFolder(ImapSessionTest.ALICE, SpecialUse.INBOX).orElseThrow().id();
        for (String m : List.of(ImapSessionTest.M1, ImapSessionTest.M2)) {
            store.append(inbox, AppendRequest.of(new ByteArrayInputStream(m.getBytes(StandardCharsets.UTF_8))));
        }
        MailboxStore slow = (MailboxStore) Proxy.newProxyInstance(MailboxStore.class.getClassLoader(),
                new Class<?>[] {MailboxStore.class}, (proxy, method, args) -> {
                    boolean long_ = method.getName().equals("fetchFlags") && armed && scans.getAndIncrement() < CARRIERS;
                    if (long_) {
                        computing.countDown();
                        computeUntilReleased();
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (long_) {
                            scansEnded.incrementAndGet();
                        }
                    }
                });
        longWork = new LongWork("test-long", 2 * CARRIERS); // as the shared one: more threads than carriers
        backend = new ImapBackend(new OneUserAuthenticator(), slow, ImapLimits.DEFAULTS, new UserSessions(CARRIERS + 1),
                "imap.example.test", longWork);
    }

    @AfterEach
    void close() {
        released = true;
        clients.forEach(TestClient::close);
        longWork.shutdown();
        db.close();
    }

    /** Computes (never parks) until released, or at most a minute so that a failing test ends. */
    void computeUntilReleased() {
        long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!released && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    TestClient selected() {
        TestClient c = new TestClient(backend, true);
        clients.add(c);
        assertThat(c.line()).startsWith("* OK ");
        assertThat(c.command("LOGIN alice@example.test secret")).contains(" OK ");
        assertThat(c.command("SELECT INBOX")).contains("* 2 EXISTS\r\n").contains(" OK [READ-WRITE] SELECT completed");
        return c;
    }

    @Test
    void aSearchComputingOnEveryCarrierLeavesOtherSessionsAnswered() {
        List<TestClient> searching = new ArrayList<>();
        for (int i = 0; i < CARRIERS; i++) {
            searching.add(selected());
        }
        TestClient other = selected();
        armed = true;
        for (TestClient c : searching) {
            c.write("s1 UID SEARCH UNSEEN\r\n");
        }
        assertThat(awaitComputing()).as("every search is in its scan").isTrue();

        String noop = other.command("NOOP");
        int endedBeforeNoop = scansEnded.get();
        String select = other.command("SELECT INBOX");
        int endedBeforeSelect = scansEnded.get();
        released = true;

        assertThat(noop).endsWith("OK NOOP completed\r\n");
        assertThat(select).contains("* 2 EXISTS\r\n").contains(" OK [READ-WRITE] SELECT completed");
        assertThat(endedBeforeNoop).as("scans ended before the other session's NOOP was answered").isZero();
        assertThat(endedBeforeSelect).as("scans ended before the other session's SELECT was answered").isZero();
        for (TestClient c : searching) {
            assertThat(c.until("s1 ")).isEqualTo("* SEARCH 1 2\r\ns1 OK SEARCH completed\r\n");
        }
    }

    private boolean awaitComputing() {
        try {
            return computing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

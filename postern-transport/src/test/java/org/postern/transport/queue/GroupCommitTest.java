package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many sessions enqueue at once; their writes share fsyncs, and every message comes back. */
class GroupCommitTest {

    private static final int THREADS = 20;
    private static final int PER_THREAD = 500;

    @TempDir
    Path dir;

    @Test
    void concurrentEnqueuesAreAllRecoveredAndShareTheirFsyncs() throws Exception {
        Map<QueueId, Long> seeds = new ConcurrentHashMap<>();
        JournalStatistics stats;
        // Small segments, so that rolling over happens under concurrent load as well.
        try (JournalQueue q = JournalQueue.open(dir, QueueSettings.DEFAULT.withSegmentBytes(4L << 20))) {
            JournalStatistics before = q.statistics();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        long seed = thread * 1_000_000L + i;
                        byte[] body = TestEnvelopes.content(seed, 1000 + (int) (seed % 3000));
                        QueuedMessage m = q.enqueue(TestEnvelopes.simple("u" + thread + "@example.org"),
                                MessageContent.of(body));
                        seeds.put(m.id(), seed);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            JournalStatistics after = q.statistics();
            stats = new JournalStatistics(after.records() - before.records(), after.batches() - before.batches(),
                    after.forces() - before.forces(), after.bytes() - before.bytes(), after.segments());
        }
        int messages = THREADS * PER_THREAD;
        assertThat(seeds).hasSize(messages);
        System.out.printf("group commit: %d messages, %d batches, %d forces (%.3f per message), %d segments%n",
                messages, stats.batches(), stats.forces(), stats.forces() / (double) messages, stats.segments());
        assertThat(stats.forces()).isLessThan(messages / 4);

        try (JournalQueue q = JournalQueue.open(dir)) {
            assertThat(q.size()).isEqualTo(messages);
            for (var e : seeds.entrySet()) {
                long seed = e.getValue();
                assertThat(RoundTripTest.readAll(q, e.getKey()))
                        .isEqualTo(TestEnvelopes.content(seed, 1000 + (int) (seed % 3000)));
            }
        }
    }
}

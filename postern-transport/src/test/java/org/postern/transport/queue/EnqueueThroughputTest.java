package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints the queue's enqueue rate as the SMTP benchmark will load it: 20 sessions, each
 * queueing 2,000 messages of 10 KiB, every one durable before the next. It asserts nothing
 * about time (machines differ); it shows messages/s and fsyncs per message. Run alone with
 * {@code -Dtest=EnqueueThroughputTest}, or as a program through {@link #main}.
 */
class EnqueueThroughputTest {

    static final int SESSIONS = 20;
    static final int PER_SESSION = 2_000;
    static final int SIZE = 10 * 1024;

    @TempDir
    Path dir;

    @Test
    void printsMessagesPerSecond() throws Exception {
        JournalStatistics s = measure(dir, QueueSettings.DEFAULT.withPreallocate(
                !Boolean.getBoolean("postern.queue.noPreallocate")));
        assertThat(s.records()).isGreaterThanOrEqualTo(SESSIONS * PER_SESSION);
        try (JournalQueue q = JournalQueue.open(dir)) {
            assertThat(q.size()).isEqualTo(SESSIONS * PER_SESSION);
        }
    }

    public static void main(String[] args) throws Exception {
        measure(Path.of(args.length > 0 ? args[0] : "target/queue-throughput"), QueueSettings.DEFAULT);
    }

    static JournalStatistics measure(Path dir, QueueSettings settings) throws Exception {
        byte[] body = TestEnvelopes.content(7, SIZE);
        Envelope envelope = TestEnvelopes.simple("user@example.org");
        try (JournalQueue q = JournalQueue.open(dir, settings)) {
            JournalStatistics before = q.statistics();
            ExecutorService sessions = Executors.newVirtualThreadPerTaskExecutor();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < SESSIONS; t++) {
                done.add(sessions.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_SESSION; i++) {
                        q.enqueue(envelope, MessageContent.of(body));
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            sessions.shutdown();
            JournalStatistics after = q.statistics();
            long messages = (long) SESSIONS * PER_SESSION;
            long forces = after.forces() - before.forces();
            long batches = after.batches() - before.batches();
            System.out.printf("queue enqueue: %d sessions x %d messages of %d bytes in %.2f s = %.0f messages/s,"
                    + " %.1f MB/s; %d fsyncs (%.3f per message, %.1f messages per group commit)%n",
                    SESSIONS, PER_SESSION, SIZE, seconds, messages / seconds, messages * (double) SIZE / seconds / 1e6,
                    forces, forces / (double) messages, messages / (double) batches);
            return new JournalStatistics(after.records() - before.records(), batches, forces,
                    after.bytes() - before.bytes(), after.segments());
        }
    }
}

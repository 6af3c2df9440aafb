package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many deliveries take from one queue while sessions still enqueue: each message goes to one
 * taker at a time, deferred ones come back, and in the end every message is done exactly once.
 */
class ConcurrentTakersTest {

    private static final int MESSAGES = 2_000;
    private static final int TAKERS = 8;

    @TempDir
    Path dir;

    @Test
    void everyMessageIsHeldByOneTakerAtATimeAndFinishedOnce() throws Exception {
        Map<QueueId, AtomicInteger> holders = new ConcurrentHashMap<>();
        Set<QueueId> finished = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger enqueued = new AtomicInteger();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JournalQueue q = JournalQueue.open(dir, QueueSettings.DEFAULT.withSegmentBytes(256 * 1024))) {
            Thread producer = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    try {
                        q.enqueue(TestEnvelopes.simple("r@example.org"), MessageContent.of(new byte[500]));
                        enqueued.incrementAndGet();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            List<Thread> takers = new ArrayList<>();
            for (int t = 0; t < TAKERS; t++) {
                takers.add(Thread.ofVirtual().start(() -> {
                    try {
                        while (finished.size() < MESSAGES) {
                            var taken = q.takeDue(Duration.ofMillis(50));
                            if (taken.isEmpty()) {
                                continue;
                            }
                            QueuedMessage m = taken.get();
                            AtomicInteger h = holders.computeIfAbsent(m.id(), k -> new AtomicInteger());
                            if (h.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            RecipientState r = m.recipients().get(0);
                            boolean deferOnce = r.attempts() == 0 && m.id().value() % 3 == 0;
                            h.decrementAndGet();
                            if (deferOnce) {
                                // Due at once again: the next taker finishes it.
                                q.update(m.id(), List.of(r.deferred("451 4.3.0 busy", java.time.Instant.EPOCH)));
                            } else {
                                assertThat(q.update(m.id(), List.of(r.delivered("250 ok")))).isEmpty();
                                assertThat(finished.add(m.id())).as("finished twice: %s", m.id()).isTrue();
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            producer.join();
            for (Thread t : takers) {
                t.join(Duration.ofSeconds(60));
            }
            assertThat(errors).isEmpty();
            assertThat(enqueued.get()).isEqualTo(MESSAGES);
            assertThat(overlaps.get()).isZero();
            assertThat(finished).hasSize(MESSAGES);
            assertThat(q.size()).isZero();
            q.maintainNow();
        }
        try (JournalQueue q = JournalQueue.open(dir)) {
            assertThat(q.size()).isZero();
        }
    }
}

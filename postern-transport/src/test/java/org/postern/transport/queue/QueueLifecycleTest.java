package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.TestClock;
import org.postern.protocols.smtp.RcptParameters;

/** Updates, the end of a message, scheduling, the administrator's commands, and disk use. */
class QueueLifecycleTest {

    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);

    private JournalQueue open() throws IOException {
        return JournalQueue.open(dir, QueueSettings.DEFAULT.withClock(clock));
    }

    private JournalQueue openSmall(long segmentBytes) throws IOException {
        return JournalQueue.open(dir, QueueSettings.DEFAULT.withClock(clock).withSegmentBytes(segmentBytes));
    }

    @Test
    void anIdAllocatedBeforeTheContentNamesTheMessageOnceAndIdsKeepGrowingAcrossARestart() throws IOException {
        QueueId unused;
        QueueId last;
        try (JournalQueue q = open()) {
            QueueId first = q.newId();
            QueueId second = q.newId();
            unused = q.newId();
            assertThat(second).isGreaterThan(first);
            // enqueued in the other order than allocated: each keeps its own id
            QueuedMessage b = q.enqueue(second, TestEnvelopes.simple(T0, "a@example.org", "b@example.org"),
                    MessageContent.of(new byte[10]));
            QueuedMessage a = q.enqueue(first, TestEnvelopes.simple(T0, "a@example.org", "c@example.org"),
                    MessageContent.of(new byte[10]));
            assertThat(a.id()).isEqualTo(first);
            assertThat(b.id()).isEqualTo(second);
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(first, second);
            assertThatThrownBy(() -> q.enqueue(first, TestEnvelopes.simple(T0, "a@example.org", "d@example.org"),
                    MessageContent.of(new byte[10]))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> q.enqueue(new QueueId(unused.value() + 1000),
                    TestEnvelopes.simple(T0, "a@example.org", "d@example.org"), MessageContent.of(new byte[10])))
                    .isInstanceOf(IllegalArgumentException.class);
            last = q.enqueue(TestEnvelopes.simple(T0, "a@example.org", "e@example.org"), MessageContent.of(new byte[10]))
                    .id();
            assertThat(last).isGreaterThan(unused);
        }
        clock.advance(Duration.ofHours(-1)); // the clock stepped back across the restart
        try (JournalQueue q = open()) {
            assertThat(q.newId()).isGreaterThan(last);
            assertThatThrownBy(() -> q.enqueue(unused, TestEnvelopes.simple(T0, "a@example.org", "f@example.org"),
                    MessageContent.of(new byte[10]))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void expansionAndPartialDeliveryAreRecordedAndTheLastRecipientEndsTheMessage() throws IOException {
        QueueId id;
        try (JournalQueue q = open()) {
            QueuedMessage m = q.enqueue(TestEnvelopes.simple(T0, "team@example.org", "bob@example.org"),
                    MessageContent.of(new byte[100]));
            id = m.id();
            RecipientState team = m.recipients().get(0);
            RecipientState ann = RecipientState.pending(TestEnvelopes.mailbox("ann@example.org"), team.dsn());
            RecipientState carl = RecipientState.pending(TestEnvelopes.mailbox("carl@example.org"), team.dsn());
            QueuedMessage after = q.update(id, List.of(team.expanded(), ann, carl)).orElseThrow();
            assertThat(after.recipients()).extracting(r -> r.address().toString())
                    .containsExactly("team@example.org", "bob@example.org", "ann@example.org", "carl@example.org");
            assertThat(after.openRecipients()).hasSize(3);
            q.update(id, List.of(ann.withRoute("mailbox").delivered("250 2.0.0 OK"),
                    carl.withRoute("mailbox").failed("550 5.1.1 No such user")));
        }
        try (JournalQueue q = open()) {
            QueuedMessage m = q.find(id).orElseThrow();
            assertThat(m.recipients()).extracting(RecipientState::status).containsExactly(DeliveryStatus.EXPANDED,
                    DeliveryStatus.PENDING, DeliveryStatus.DELIVERED, DeliveryStatus.FAILED);
            assertThat(m.recipients().get(3).lastReply()).contains("550 5.1.1 No such user");
            Optional<QueuedMessage> done = q.update(id, List.of(m.recipients().get(1).delivered("250 2.0.0 OK")));
            assertThat(done).isEmpty();
            assertThat(q.find(id)).isEmpty();
            assertThat(q.update(id, List.of())).isEmpty();
            assertThatThrownBy(() -> q.openContent(id)).isInstanceOf(NoSuchElementException.class);
        }
        try (JournalQueue q = open()) {
            assertThat(q.find(id)).isEmpty();
            assertThat(q.size()).isZero();
        }
    }

    @Test
    void takeDueHandsOutPendingFirstThenDeferredByNextAttemptEachToOneTaker() throws Exception {
        try (JournalQueue q = open()) {
            QueuedMessage late = q.enqueue(TestEnvelopes.simple(T0, "late@example.org"), MessageContent.of(new byte[1]));
            QueuedMessage soon = q.enqueue(TestEnvelopes.simple(T0, "soon@example.org"), MessageContent.of(new byte[1]));
            QueuedMessage fresh = q.enqueue(TestEnvelopes.simple(T0.plusSeconds(1), "new@example.org"),
                    MessageContent.of(new byte[1]));

            // Both earlier messages are taken and deferred: late by 30 minutes, soon by 5.
            QueuedMessage t1 = q.takeDue(Duration.ZERO).orElseThrow();
            QueuedMessage t2 = q.takeDue(Duration.ZERO).orElseThrow();
            assertThat(List.of(t1.id(), t2.id())).containsExactly(late.id(), soon.id());
            q.update(late.id(), List.of(t1.recipients().get(0).deferred("451 4.3.0 later", T0.plusSeconds(1800))));
            q.update(soon.id(), List.of(t2.recipients().get(0).deferred("451 4.3.0 soon", T0.plusSeconds(300))));

            QueuedMessage t3 = q.takeDue(Duration.ZERO).orElseThrow();
            assertThat(t3.id()).isEqualTo(fresh.id());
            // Held by its taker: no one else gets it, and nothing else is due yet.
            assertThat(q.takeDue(Duration.ofMillis(20))).isEmpty();
            q.release(fresh.id());
            assertThat(q.takeDue(Duration.ZERO).map(QueuedMessage::id)).contains(fresh.id());

            clock.advance(Duration.ofMinutes(40));
            assertThat(q.takeDue(Duration.ZERO).map(QueuedMessage::id)).contains(soon.id());
            assertThat(q.takeDue(Duration.ZERO).map(QueuedMessage::id)).contains(late.id());
            assertThat(q.takeDue(Duration.ZERO)).isEmpty();
        }
    }

    @Test
    void aTakerWaitingIsWokenByAnEnqueue() throws Exception {
        try (JournalQueue q = open()) {
            CompletableFuture<Optional<QueuedMessage>> taken = new CompletableFuture<>();
            long[] tookAt = new long[1];
            Thread taker = Thread.ofPlatform().start(() -> {
                try {
                    Optional<QueuedMessage> m = q.takeDue(Duration.ofMinutes(10));
                    tookAt[0] = System.nanoTime();
                    taken.complete(m);
                } catch (Throwable e) {
                    taken.completeExceptionally(e);
                }
            });
            // The enqueue comes once the taker waits (its timed wait for something due), not
            // after a guessed pause that a slow machine may not have reached the wait in.
            Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
            while (taker.getState() != Thread.State.TIMED_WAITING && !taken.isDone() && Instant.now().isBefore(deadline)) {
                Thread.sleep(5);
            }
            assertThat(taker.getState()).as("the taker waits").isEqualTo(Thread.State.TIMED_WAITING);
            q.enqueue(TestEnvelopes.simple(T0, "x@example.org"), MessageContent.of(new byte[1]));
            long enqueued = System.nanoTime();
            assertThat(taken.get(2, TimeUnit.MINUTES)).isPresent();
            // Woken by the enqueue, not by the end of its 10-minute wait (however slow the machine).
            assertThat(Duration.ofNanos(tookAt[0] - enqueued)).isLessThan(Duration.ofMinutes(1));
        }
    }

    @Test
    void retryNowMakesDeferredRecipientsDueAndSurvivesRestart() throws Exception {
        QueueId id;
        try (JournalQueue q = open()) {
            QueuedMessage m = q.enqueue(TestEnvelopes.simple(T0, "a@example.org", "b@example.org"),
                    MessageContent.of(new byte[1]));
            id = m.id();
            q.takeDue(Duration.ZERO).orElseThrow();
            q.update(id, List.of(m.recipients().get(0).deferred("451 4.4.1 refused", T0.plus(Duration.ofHours(1))),
                    m.recipients().get(1).delivered("250 ok")));
            assertThat(q.takeDue(Duration.ZERO)).isEmpty();
            assertThat(q.retryNow(id)).isTrue();
            assertThat(q.retryNow(new QueueId(1))).isFalse();
        }
        try (JournalQueue q = open()) {
            QueuedMessage m = q.takeDue(Duration.ZERO).orElseThrow();
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.recipients().get(0).status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(m.recipients().get(0).nextAttempt()).contains(T0);
            assertThat(m.recipients().get(0).attempts()).isEqualTo(1);
        }
    }

    @Test
    void removeTakesAMessageOutForGood() throws IOException {
        QueueId kept;
        QueueId removed;
        try (JournalQueue q = open()) {
            kept = q.enqueue(TestEnvelopes.simple(T0, "a@example.org"), MessageContent.of(new byte[5])).id();
            removed = q.enqueue(TestEnvelopes.simple(T0, "b@example.org"), MessageContent.of(new byte[5])).id();
            try (InputStream stillReadable = q.openContent(removed)) {
                assertThat(q.remove(removed)).isTrue();
                assertThat(q.remove(removed)).isFalse();
                q.maintainNow();
                assertThat(stillReadable.readAllBytes()).hasSize(5);
            }
        }
        try (JournalQueue q = open()) {
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(kept);
        }
    }

    @Test
    void finishedSegmentsAreDeletedAndAlongLivedMessageIsCopiedForward() throws IOException {
        long segmentBytes = 64 * 1024;
        QueueId longLived;
        byte[] longLivedBody = TestEnvelopes.content(99, 5000);
        try (JournalQueue q = openSmall(segmentBytes)) {
            QueuedMessage m = q.enqueue(TestEnvelopes.simple(T0, "slow@example.org"), MessageContent.of(longLivedBody));
            longLived = m.id();
            long firstSegment = SegmentFiles.list(dir).get(0);
            q.update(longLived, List.of(m.recipients().get(0).deferred("451 4.4.1 try later", T0.plusSeconds(3600))));
            for (int i = 0; i < 400; i++) {
                QueuedMessage quick = q.enqueue(TestEnvelopes.simple(T0, "q" + i + "@example.org"),
                        MessageContent.of(TestEnvelopes.content(i, 4000)));
                q.update(quick.id(), List.of(quick.recipients().get(0).delivered("250 2.0.0 OK")));
                if (i % 50 == 49) {
                    q.maintainNow();
                }
            }
            q.maintainNow();
            // 400 x 4 KB went through 64 KiB segments; only a few are left, and not the first one.
            List<Long> left = SegmentFiles.list(dir);
            assertThat(left.size()).isLessThanOrEqualTo(4);
            assertThat(left).doesNotContain(firstSegment);
            assertThat(q.statistics().segments()).isEqualTo(left.size());
            assertThat(q.size()).isEqualTo(1);
            assertThat(RoundTripTest.readAll(q, longLived)).isEqualTo(longLivedBody);
        }
        try (JournalQueue q = openSmall(segmentBytes)) {
            QueuedMessage m = q.find(longLived).orElseThrow();
            assertThat(m.recipients().get(0).status()).isEqualTo(DeliveryStatus.DEFERRED);
            assertThat(m.recipients().get(0).lastReply()).contains("451 4.4.1 try later");
            assertThat(RoundTripTest.readAll(q, longLived)).isEqualTo(longLivedBody);
            q.update(longLived, List.of(m.recipients().get(0).delivered("250 ok")));
            q.maintainNow();
            assertThat(SegmentFiles.list(dir)).hasSize(1);
        }
        try (JournalQueue q = openSmall(segmentBytes)) {
            assertThat(q.size()).isZero();
        }
    }

    @Test
    void aStreamOpenWhileItsMessageIsCompactedAwayStillReadsTheMessage() throws IOException {
        byte[] body = TestEnvelopes.content(1234, 20_000);
        try (JournalQueue q = openSmall(64 * 1024)) {
            QueuedMessage m = q.enqueue(TestEnvelopes.simple(T0, "slow@example.org"), MessageContent.of(body));
            q.update(m.id(), List.of(m.recipients().get(0).deferred("451 4.4.1 later", T0.plusSeconds(3600))));
            try (InputStream reading = q.openContent(m.id())) {
                byte[] start = reading.readNBytes(10);
                long firstSegment = SegmentFiles.list(dir).get(0);
                for (int i = 0; i < 300; i++) {
                    QueuedMessage quick = q.enqueue(TestEnvelopes.simple(T0, "q" + i + "@example.org"),
                            MessageContent.of(TestEnvelopes.content(i, 3000)));
                    q.update(quick.id(), List.of(quick.recipients().get(0).delivered("250 ok")));
                    if (i % 20 == 19) {
                        q.maintainNow();
                    }
                }
                assertThat(SegmentFiles.list(dir)).doesNotContain(firstSegment);
                byte[] rest = reading.readAllBytes();
                byte[] all = new byte[start.length + rest.length];
                System.arraycopy(start, 0, all, 0, start.length);
                System.arraycopy(rest, 0, all, start.length, rest.length);
                assertThat(java.util.Arrays.equals(all, body)).as("the stream read the message intact").isTrue();
            }
            assertThat(RoundTripTest.readAll(q, m.id())).isEqualTo(body);
        }
    }

    @Test
    void aSpoolFileThatCannotBeReadFailsItsOwnEnqueueOnly() throws IOException {
        try (JournalQueue q = open()) {
            QueueId before = q.enqueue(TestEnvelopes.simple(T0, "a@example.org"), MessageContent.of(new byte[7])).id();
            MessageContent vanished = new MessageContent.SpoolFile(dir.resolve("no-such-spool"), 100_000);
            assertThatThrownBy(() -> q.enqueue(TestEnvelopes.simple(T0, "b@example.org"), vanished))
                    .isInstanceOf(IOException.class);
            MessageContent shorter = new MessageContent() {
                @Override
                public long size() {
                    return 3_000_000;
                }

                @Override
                public InputStream open() {
                    return new java.io.ByteArrayInputStream(new byte[2_000_000]);
                }
            };
            assertThatThrownBy(() -> q.enqueue(TestEnvelopes.simple(T0, "c@example.org"), shorter))
                    .isInstanceOf(IOException.class);
            QueueId after = q.enqueue(TestEnvelopes.simple(T0, "d@example.org"), MessageContent.of(new byte[9])).id();
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(before, after);
        }
        try (JournalQueue q = open()) {
            assertThat(q.size()).isEqualTo(2);
        }
    }

    @Test
    void queueIdsKeepGrowingAcrossRestartsWhenTheQueueIsEmptyAndTheClockWentBack() throws IOException {
        QueueId last;
        try (JournalQueue q = open()) {
            QueuedMessage m = q.enqueue(TestEnvelopes.simple(T0, "a@example.org"), MessageContent.of(new byte[1]));
            q.update(m.id(), List.of(m.recipients().get(0).delivered("250 ok")));
            last = m.id();
        }
        TestClock earlier = new TestClock(Instant.parse("2020-01-01T00:00:00Z"));
        for (int restart = 0; restart < 3; restart++) {
            try (JournalQueue q = JournalQueue.open(dir, QueueSettings.DEFAULT.withClock(earlier))) {
                q.maintainNow();
                assertThat(q.size()).isZero();
                assertThat(SegmentFiles.list(dir)).hasSize(1);
                QueuedMessage m = q.enqueue(TestEnvelopes.simple(T0, "b@example.org"), MessageContent.of(new byte[1]));
                assertThat(m.id()).isGreaterThan(last);
                last = m.id();
                q.remove(m.id());
            }
        }
    }

    @Test
    void aSecondOpenOfTheSameFolderIsRefused() throws IOException {
        try (JournalQueue q = open()) {
            assertThatThrownBy(this::open).isInstanceOf(IOException.class).hasMessageContaining("open in another");
            assertThat(q.size()).isZero();
        }
        try (JournalQueue q = open()) {
            assertThat(q.size()).isZero();
        }
    }

    @Test
    void aClosedQueueRefusesWrites() throws IOException {
        JournalQueue q = open();
        q.close();
        assertThatThrownBy(() -> q.enqueue(TestEnvelopes.simple(T0, "a@example.org"), MessageContent.of(new byte[1])))
                .isInstanceOf(IOException.class);
        q.close();
    }

    @Test
    void sameAddressTwiceIsOneRecipient() throws IOException {
        try (JournalQueue q = open()) {
            var rcpt = new EnvelopeRecipient(TestEnvelopes.mailbox("a@example.org"), RcptParameters.NONE);
            QueueId id = q.enqueue(new Envelope(TestEnvelopes.mailbox("s@example.net"), List.of(rcpt, rcpt),
                    org.postern.protocols.smtp.MailParameters.NONE, TestEnvelopes.ORIGIN, T0),
                    MessageContent.of(new byte[1])).id();
            assertThat(q.find(id).orElseThrow().recipients()).hasSize(1);
        }
    }
}

package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Envelopes and contents come back from the journal exactly as they went in. */
class RoundTripTest {

    @TempDir
    Path dir;

    @Test
    void envelopesAndContentsSurviveCloseAndReopen() throws IOException {
        byte[] small = TestEnvelopes.content(1, 10 * 1024);
        byte[] large = TestEnvelopes.content(2, 5 * 1024 * 1024);
        Path spool = dir.resolve("spool.tmp");
        Files.write(spool, large);
        Envelope rich = TestEnvelopes.rich();
        Envelope nullSender = TestEnvelopes.nullSender("postmaster@example.org");
        QueuedMessage a;
        QueuedMessage b;
        QueuedMessage c;
        QueuedMessage d;
        try (JournalQueue q = JournalQueue.open(dir.resolve("queue"))) {
            a = q.enqueue(rich, MessageContent.of(small));
            b = q.enqueue(nullSender, MessageContent.of(new byte[0]));
            c = q.enqueue(TestEnvelopes.simple("a@example.org"), MessageContent.ofFile(spool));
            d = q.enqueue(TestEnvelopes.simple("b@example.org"), MessageContent.of(large));
            assertThat(List.of(a.id(), b.id(), c.id(), d.id())).isSorted().doesNotHaveDuplicates();
            assertThat(readAll(q, c.id())).isEqualTo(large);
        }
        try (JournalQueue q = JournalQueue.open(dir.resolve("queue"))) {
            assertThat(q.size()).isEqualTo(4);
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(a.id(), b.id(), c.id(), d.id());
            QueuedMessage ra = q.find(a.id()).orElseThrow();
            assertThat(ra.envelope()).isEqualTo(rich);
            assertThat(ra.recipients()).hasSize(3).allMatch(r -> r.status() == DeliveryStatus.PENDING);
            assertThat(ra.recipients()).extracting(RecipientState::dsn)
                    .containsExactlyElementsOf(rich.recipients().stream().map(EnvelopeRecipient::dsn).toList());
            assertThat(ra.contentSize()).isEqualTo(small.length);
            assertThat(q.find(b.id()).orElseThrow().envelope()).isEqualTo(nullSender);
            assertThat(readAll(q, a.id())).isEqualTo(small);
            assertThat(readAll(q, b.id())).isEmpty();
            assertThat(readAll(q, c.id())).isEqualTo(large);
            assertThat(readAll(q, d.id())).isEqualTo(large);
            QueuedMessage e = q.enqueue(TestEnvelopes.simple("c@example.org"), MessageContent.of(small));
            assertThat(e.id()).isGreaterThan(d.id());
        }
    }

    @Test
    void recipientStatesRoundTripWithEveryField() throws IOException {
        QueueId id;
        RecipientState deferred;
        try (JournalQueue q = JournalQueue.open(dir)) {
            QueuedMessage m = q.enqueue(TestEnvelopes.rich(), MessageContent.of(new byte[] {1, 2, 3}));
            id = m.id();
            deferred = m.recipients().get(0).withRoute("smtp:bücher.example")
                    .deferred("451 4.4.1 Connection refused", java.time.Instant.parse("2026-11-28T02:00:00.5Z"))
                    .withDelayNoticeSent();
            q.update(id, List.of(deferred, m.recipients().get(1).withRoute("mailbox").delivered("250 2.0.0 OK")));
        }
        try (JournalQueue q = JournalQueue.open(dir)) {
            List<RecipientState> states = q.find(id).orElseThrow().recipients();
            assertThat(states.get(0)).isEqualTo(deferred);
            assertThat(states.get(1).status()).isEqualTo(DeliveryStatus.DELIVERED);
            assertThat(states.get(1).route()).contains("mailbox");
            assertThat(states.get(1).attempts()).isEqualTo(1);
            assertThat(states.get(2).status()).isEqualTo(DeliveryStatus.PENDING);
        }
    }

    @Test
    void aBodyAtTheSizeLimitGoesThroughFromItsSpoolFileWhileSmallOnesShareTheCommits() throws Exception {
        long size = 35L << 20;
        Path spool = dir.resolve("big.tmp");
        java.security.MessageDigest expected = java.security.MessageDigest.getInstance("SHA-256");
        try (var out = Files.newOutputStream(spool)) {
            for (long written = 0; written < size; written += 1 << 20) {
                byte[] chunk = TestEnvelopes.content(written, 1 << 20);
                expected.update(chunk);
                out.write(chunk);
            }
        }
        QueueId big;
        List<QueueId> small = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JournalQueue q = JournalQueue.open(dir.resolve("queue"))) {
            Thread others = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    try {
                        small.add(q.enqueue(TestEnvelopes.simple("s@example.org"), MessageContent.of(new byte[100]))
                                .id());
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            });
            big = q.enqueue(TestEnvelopes.simple("big@example.org"), MessageContent.ofFile(spool)).id();
            others.join();
        }
        try (JournalQueue q = JournalQueue.open(dir.resolve("queue"))) {
            assertThat(q.size()).isEqualTo(201);
            assertThat(q.find(big).orElseThrow().contentSize()).isEqualTo(size);
            java.security.MessageDigest actual = java.security.MessageDigest.getInstance("SHA-256");
            try (InputStream in = q.openContent(big)) {
                byte[] buffer = new byte[1 << 16];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    actual.update(buffer, 0, n);
                }
            }
            assertThat(actual.digest()).isEqualTo(expected.digest());
            for (QueueId id : small) {
                assertThat(readAll(q, id)).hasSize(100);
            }
        }
    }

    static byte[] readAll(TransportQueue q, QueueId id) throws IOException {
        try (InputStream in = q.openContent(id)) {
            return in.readAllBytes();
        }
    }
}

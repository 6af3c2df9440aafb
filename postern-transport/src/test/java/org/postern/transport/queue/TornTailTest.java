package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash can leave the last record half written. Cut the segment at every offset inside its
 * last record (and flip bytes in it): the queue opens without an exception, with every earlier
 * record and without the torn one.
 */
class TornTailTest {

    @TempDir
    Path dir;

    @Test
    void everyCutInsideTheLastRecordLeavesTheEarlierOnesIntact() throws IOException {
        Path original = dir.resolve("original");
        QueueId first;
        QueueId second;
        QueueId torn;
        byte[] firstBody = TestEnvelopes.content(10, 3000);
        byte[] secondBody = TestEnvelopes.content(11, 2000);
        long recordStart;
        long recordEnd;
        try (JournalQueue q = JournalQueue.open(original)) {
            first = q.enqueue(TestEnvelopes.rich(), MessageContent.of(firstBody)).id();
            second = q.enqueue(TestEnvelopes.simple("b@example.org"), MessageContent.of(secondBody)).id();
            q.update(second, List.of(q.find(second).orElseThrow().recipients().get(0)
                    .deferred("421 4.4.2 timeout", java.time.Instant.parse("2026-01-01T00:10:00Z"))));
            recordStart = Files.size(JournalFolders.lastSegment(original));
            torn = q.enqueue(TestEnvelopes.simple("c@example.org"), MessageContent.of(TestEnvelopes.content(12, 1500)))
                    .id();
            recordEnd = Files.size(JournalFolders.lastSegment(original));
        }
        Files.deleteIfExists(original.resolve("lock"));
        assertThat(recordEnd - recordStart).isGreaterThan(1500);

        int opened = 0;
        for (long cut = recordStart; cut < recordEnd; cut += cut < recordStart + 64 || cut > recordEnd - 64 ? 1 : 37) {
            Path copy = JournalFolders.copy(original, dir.resolve("cut-" + cut));
            try (FileChannel ch = FileChannel.open(JournalFolders.lastSegment(copy), StandardOpenOption.WRITE)) {
                ch.truncate(cut);
            }
            assertRecoveredWithout(copy, first, firstBody, second, secondBody, torn);
            opened++;
        }
        for (long flip = recordStart; flip < recordEnd; flip += 97) {
            Path copy = JournalFolders.copy(original, dir.resolve("flip-" + flip));
            try (FileChannel ch = FileChannel.open(JournalFolders.lastSegment(copy), StandardOpenOption.READ,
                    StandardOpenOption.WRITE)) {
                var one = java.nio.ByteBuffer.allocate(1);
                ch.read(one, flip);
                one.flip();
                byte b = one.get(0);
                ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (b ^ 0x40)}), flip);
            }
            assertRecoveredWithout(copy, first, firstBody, second, secondBody, torn);
            opened++;
        }
        assertThat(opened).isGreaterThan(100);
    }

    private static void assertRecoveredWithout(Path copy, QueueId first, byte[] firstBody, QueueId second,
                                               byte[] secondBody, QueueId torn) throws IOException {
        try (JournalQueue q = JournalQueue.open(copy)) {
            assertThat(q.list()).extracting(QueuedMessage::id).containsExactly(first, second);
            assertThat(q.find(first).orElseThrow().envelope()).isEqualTo(TestEnvelopes.rich());
            assertThat(RoundTripTest.readAll(q, first)).isEqualTo(firstBody);
            assertThat(RoundTripTest.readAll(q, second)).isEqualTo(secondBody);
            assertThat(q.find(second).orElseThrow().recipients().get(0).status()).isEqualTo(DeliveryStatus.DEFERRED);
            QueueId next = q.enqueue(TestEnvelopes.simple("d@example.org"), MessageContent.of(new byte[10])).id();
            assertThat(next).isGreaterThan(second);
        }
        try (JournalQueue q = JournalQueue.open(copy)) {
            assertThat(q.size()).isEqualTo(3);
            assertThat(q.find(torn)).isEmpty();
        }
    }
}

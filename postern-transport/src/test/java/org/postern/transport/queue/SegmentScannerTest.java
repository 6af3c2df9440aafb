package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame check: what is not a whole record of this very segment is never read. */
class SegmentScannerTest {

    @TempDir
    Path dir;

    @Test
    void aSegmentUnderAnotherNumberIsNotRead() throws IOException {
        Path queue = dir.resolve("q");
        try (JournalQueue q = JournalQueue.open(queue)) {
            q.enqueue(TestEnvelopes.simple("a@example.org"), MessageContent.of(new byte[100]));
        }
        long n = SegmentFiles.list(queue).get(0);
        Path moved = SegmentFiles.path(dir, 7);
        Files.copy(SegmentFiles.path(queue, n), moved);
        try (SegmentScanner s = new SegmentScanner(7, moved)) {
            assertThat(s.next()).isEmpty();
            assertThat(s.validLength()).isZero();
            assertThat(s.stopReason()).isNotEmpty();
        }
        try (SegmentScanner s = new SegmentScanner(n, SegmentFiles.path(queue, n))) {
            assertThat(records(s)).hasSize(2);
            assertThat(s.stopReason()).isEmpty();
        }
    }

    @Test
    void zerosOrGarbageAfterTheLastRecordEndTheScanThere() throws IOException {
        Path queue = dir.resolve("q");
        try (JournalQueue q = JournalQueue.open(queue)) {
            q.enqueue(TestEnvelopes.simple("a@example.org"), MessageContent.of(new byte[100]));
            q.enqueue(TestEnvelopes.simple("b@example.org"), MessageContent.of(new byte[200]));
        }
        long n = SegmentFiles.list(queue).get(0);
        Path file = SegmentFiles.path(queue, n);
        long whole = Files.size(file);
        for (byte[] tail : List.of(new byte[4096], TestEnvelopes.content(5, 4096), new byte[] {0, 0, 0, 9, 2})) {
            Path copy = dir.resolve("copy.log");
            Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.write(copy, tail, StandardOpenOption.APPEND);
            try (SegmentScanner s = new SegmentScanner(n, copy)) {
                assertThat(records(s)).hasSize(3);
                assertThat(s.validLength()).isEqualTo(whole);
                assertThat(s.stopReason()).isNotEmpty();
            }
        }
    }

    @Test
    void aWholeRecordThatCannotBeDecodedFailsTheOpenInsteadOfBeingCutOff() throws IOException {
        Path queue = dir.resolve("q");
        try (JournalQueue q = JournalQueue.open(queue)) {
            q.enqueue(TestEnvelopes.simple("a@example.org"), MessageContent.of(new byte[100]));
        }
        long n = SegmentFiles.list(queue).get(0);
        Path file = SegmentFiles.path(queue, n);
        long before = Files.size(file);
        Files.write(file, frame(n, (byte) 99, new byte[] {1, 2, 3}), StandardOpenOption.APPEND);
        try (SegmentScanner s = new SegmentScanner(n, file)) {
            s.next();
            s.next();
            assertThatThrownBy(s::next).isInstanceOf(CorruptRecordException.class)
                    .hasMessageContaining("cannot be read");
        }
        assertThatThrownBy(() -> JournalQueue.open(queue)).isInstanceOf(IOException.class);
        assertThat(Files.size(file)).isEqualTo(before + 12);
    }

    /** A frame as the writer makes it: checksum over the segment number, length, type and body. */
    private static byte[] frame(long segment, byte type, byte[] body) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 1 + body.length + 4);
        b.putInt(1 + body.length).put(type).put(body);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(SegmentFiles.salt(segment));
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static List<JournalRecord> records(SegmentScanner s) throws IOException {
        List<JournalRecord> all = new ArrayList<>();
        Optional<JournalRecord> r;
        while ((r = s.next()).isPresent()) {
            all.add(r.get());
        }
        return all;
    }
}

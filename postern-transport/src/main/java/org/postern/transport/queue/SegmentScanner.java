package org.postern.transport.queue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads one segment's records in order and checks each frame (see {@link JournalRecord}):
 * the first frame that is cut short or fails its CRC32C ends the scan, and
 * {@link #validLength()} tells where the last whole record ended. A frame that passes its
 * checksum but cannot be decoded is not a torn tail: it stops recovery with an exception, so
 * that no newer or damaged journal is cut back and its messages lost without a word. A MESSAGE's content is read
 * through the checksum but not kept; the record points at it as a {@link SegmentContent}.
 */
final class SegmentScanner implements AutoCloseable {

    private static final int BUFFER = 1 << 20;
    /** No record but a MESSAGE or REPORT comes near this; a longer one is a torn length. */
    private static final int MAX_SMALL_RECORD = 64 << 20;

    private final long segment;
    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    private final CRC32C crc = new CRC32C();
    private final byte[] salt;
    private long bufferStart;
    private long validLength;
    private String stopReason = "";

    SegmentScanner(long segment, Path file) throws IOException {
        this.segment = segment;
        this.file = file;
        this.salt = SegmentFiles.salt(segment);
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.fileSize = channel.size();
        buffer.limit(0);
    }

    /** Where the last whole record ends: the length the file should have. */
    long validLength() {
        return validLength;
    }

    /** Why the scan ended before the end of the file; empty when it did not. */
    String stopReason() {
        return stopReason;
    }

    /**
     * The next whole record, or empty at the end or at the first torn frame (cut short, or a
     * wrong checksum).
     *
     * @throws CorruptRecordException when a frame's checksum is right but its body makes no
     *                                sense (a newer format, or a bug): nothing is skipped
     *                                silently that was written whole
     */
    Optional<JournalRecord> next() throws IOException {
        long start = validLength;
        long available = fileSize - start;
        if (available == 0) {
            return Optional.empty();
        }
        if (available < 9) {
            return stop("a frame cut short at " + start);
        }
        crc.reset();
        crc.update(salt);
        int length = readInt();
        if (length < 1 || (long) length + 8 > available) {
            return stop("a frame cut short or a bad length at " + start);
        }
        byte type = readBytes(1)[0];
        boolean message = type == JournalRecord.TYPE_MESSAGE || type == JournalRecord.TYPE_REPORT;
        if (!message && length > MAX_SMALL_RECORD) {
            return stop("an implausible length at " + start);
        }
        try {
            JournalRecord record = message && length >= 5
                    ? readMessage(start, length, type == JournalRecord.TYPE_REPORT)
                    : readSmall(type, length);
            if (record == null) {
                return stop("a bad checksum at " + start);
            }
            if (record instanceof JournalRecord.SegmentHeader h && (h.segment() != segment || start != 0)) {
                throw new CorruptRecordException("a header of segment " + h.segment());
            }
            validLength = start + 8 + length;
            return Optional.of(record);
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException("queue segment " + segment + " at offset " + start
                    + " holds a whole record that cannot be read (" + e.getMessage() + ")");
        }
    }

    /** A record read whole; null when its checksum is wrong. */
    private JournalRecord readSmall(byte type, int length) throws IOException {
        byte[] body = readBytes(length - 1);
        if (!checksumMatches()) {
            return null;
        }
        return decode(type, body);
    }

    /**
     * A MESSAGE or REPORT, its content read through the checksum but not kept; null when the
     * checksum is wrong.
     */
    private JournalRecord readMessage(long start, int length, boolean report) throws IOException {
        int metaLength = readInt();
        boolean metaFits = metaLength >= 8 && (long) metaLength <= length - 5L;
        byte[] meta = metaFits ? readBytes(metaLength) : null;
        long contentOffset = start + 4 + 1 + 4 + (metaFits ? metaLength : 0);
        long contentLength = length - 5L - (metaFits ? metaLength : 0);
        skip(contentLength);
        if (!checksumMatches()) {
            return null;
        }
        if (!metaFits) {
            throw new CorruptRecordException("bad meta length " + metaLength);
        }
        return JournalRecord.MessageRecord.read(new BinaryReader(meta),
                new SegmentContent(segment, file, contentOffset, contentLength), report);
    }

    private static JournalRecord decode(byte type, byte[] body) throws CorruptRecordException {
        BinaryReader r = new BinaryReader(body);
        return switch (type) {
            case JournalRecord.TYPE_SEGMENT -> JournalRecord.SegmentHeader.read(r);
            case JournalRecord.TYPE_STATE -> JournalRecord.StateRecord.read(r);
            case JournalRecord.TYPE_DONE -> JournalRecord.DoneRecord.read(r);
            default -> throw new CorruptRecordException("unknown record type " + type);
        };
    }

    private boolean checksumMatches() throws IOException {
        int expected = (int) crc.getValue();
        ByteBuffer b = fill(4);
        int stored = b.getInt();
        return stored == expected;
    }

    private Optional<JournalRecord> stop(String reason) {
        stopReason = reason;
        return Optional.empty();
    }

    private int readInt() throws IOException {
        ByteBuffer b = fill(4);
        int pos = b.position();
        crc.update(b.array(), b.arrayOffset() + pos, 4);
        return b.getInt();
    }

    private byte[] readBytes(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            ByteBuffer b = fill(1);
            int chunk = Math.min(n - done, b.remaining());
            b.get(out, done, chunk);
            done += chunk;
        }
        crc.update(out);
        return out;
    }

    private void skip(long n) throws IOException {
        long left = n;
        while (left > 0) {
            ByteBuffer b = fill(1);
            int chunk = (int) Math.min(left, b.remaining());
            crc.update(b.array(), b.arrayOffset() + b.position(), chunk);
            b.position(b.position() + chunk);
            left -= chunk;
        }
    }

    /** Makes at least {@code n} (at most 8) bytes available in the buffer. */
    private ByteBuffer fill(int n) throws IOException {
        if (buffer.remaining() >= n) {
            return buffer;
        }
        bufferStart += buffer.position();
        buffer.compact();
        long readAt = bufferStart + buffer.position();
        while (buffer.position() < n) {
            int read = channel.read(buffer, readAt);
            if (read < 0) {
                throw new EOFException("segment " + segment + " ended early");
            }
            readAt += read;
        }
        buffer.flip();
        return buffer;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

package org.postern.transport.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's single writer, and its group commit. Callers hand it records from any number
 * of threads; the writer thread takes every record waiting (up to the batch size), writes them
 * one after another at the end of the current segment, calls {@code FileChannel.force(false)}
 * once for all of them, runs each record's {@code onDurable} action, and only then completes
 * their futures. While one fsync runs, the next batch gathers — so N concurrent SMTP sessions
 * pay about one fsync per batch, not one per message.
 *
 * <p>Content is copied through a fixed buffer in chunks, never held twice. A record whose
 * content cannot be read (a spool file gone) is cut back out of the segment and fails alone.
 * A failure of the journal itself (write or fsync) fails the batch and every later append:
 * after a failed fsync nothing may be acknowledged (the page cache's state is unknown).
 *
 * <p>When a segment reaches its size, the writer begins the next one with a
 * {@link JournalRecord.SegmentHeader}, fsyncs the new file and the folder, and tells its
 * {@link SegmentListener}.
 */
final class JournalWriter implements AutoCloseable {

    /** Hears of segments begun and finished; called on the writer thread. */
    interface SegmentListener {
        void segmentStarted(long number, Path file);

        void segmentFinished(long number, long bytes);

        /** The active segment is half full: time to have a spare ready for the next. */
        void segmentHalfFull(long number);
    }

    private static final Logger LOG = LoggerFactory.getLogger(JournalWriter.class);
    private static final int BUFFER = 1 << 20;
    private static final int CHUNK = 64 << 10;
    private static final long MAX_RECORD = Integer.MAX_VALUE - 16;

    private final Path directory;
    private final QueueSettings settings;
    private final LongSupplier idFloor;
    private final SegmentListener listener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition waiting = lock.newCondition();
    private final ArrayDeque<Append> queue = new ArrayDeque<>();
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private final byte[] chunk = new byte[CHUNK];
    private final CRC32C crc = new CRC32C();
    private final Thread thread;

    private boolean closing;
    private IOException failure;
    private FileChannel channel;
    private long segment;
    private boolean halfFullTold;
    private byte[] salt;
    private volatile long activeSegment;
    private volatile long position;
    private Path file;
    private volatile long records;
    private volatile long batches;
    private volatile long forces;
    private volatile long bytes;

    private record Append(JournalRecord record, byte[] head, Consumer<Written> onDurable, long size,
                          CompletableFuture<Written> done) {
    }

    /** A content stream that failed: only its own record fails. */
    private static final class ContentFailure extends Exception {
        ContentFailure(IOException cause) {
            super(cause);
        }

        IOException io() {
            return (IOException) getCause();
        }
    }

    /** Begins segment {@code firstSegment} (a new file) and starts the writer thread. */
    JournalWriter(Path directory, long firstSegment, LongSupplier idFloor, QueueSettings settings,
                  SegmentListener listener) throws IOException {
        this.directory = directory;
        this.settings = settings;
        this.idFloor = idFloor;
        this.listener = listener;
        startSegment(firstSegment);
        this.thread = Thread.ofPlatform().name("postern-queue-journal").daemon().start(this::run);
    }

    /**
     * Hands a record to the writer. The future completes when the record is durable, after
     * {@code onDurable} (if any) ran on the writer thread; it fails with an {@link IOException}.
     */
    CompletableFuture<Written> append(JournalRecord record, Consumer<Written> onDurable) {
        byte[] head = record.head();
        long size = 9L + head.length + record.content().map(MessageContent::size).orElse(0L);
        return submit(new Append(record, head, onDurable, size, new CompletableFuture<>()));
    }

    /** Completes when every record handed over before it is durable. */
    CompletableFuture<Written> sync() {
        return submit(new Append(null, null, null, 0, new CompletableFuture<>()));
    }

    /** The segment now written to. */
    long activeSegment() {
        return activeSegment;
    }

    /** The bytes in the active segment after the last batch. */
    long activeBytes() {
        return position;
    }

    JournalStatistics statistics(int segments) {
        return new JournalStatistics(records, batches, forces, bytes, segments);
    }

    private CompletableFuture<Written> submit(Append a) {
        lock.lock();
        try {
            if (failure != null) {
                a.done.completeExceptionally(new IOException("the queue journal failed earlier", failure));
            } else if (closing) {
                a.done.completeExceptionally(new IOException("the queue is closed"));
            } else {
                queue.add(a);
                waiting.signal();
            }
        } finally {
            lock.unlock();
        }
        return a.done;
    }

    private void run() {
        List<Append> batch = new ArrayList<>();
        while (takeBatch(batch)) {
            try {
                writeBatch(batch);
                if (position >= settings.segmentBytes()) {
                    roll();
                } else if (!halfFullTold && position >= settings.segmentBytes() / 2) {
                    halfFullTold = true;
                    listener.segmentHalfFull(segment);
                }
            } catch (IOException | RuntimeException e) {
                IOException io = e instanceof IOException x ? x : new IOException(e);
                LOG.error("The queue journal failed; no message will be accepted until a restart", e);
                failAll(batch, io);
            }
            batch.clear();
        }
        closeChannel();
    }

    private boolean takeBatch(List<Append> batch) {
        lock.lock();
        try {
            while (queue.isEmpty() && !closing && failure == null) {
                waiting.awaitUninterruptibly();
            }
            if (queue.isEmpty() || failure != null) {
                return false;
            }
            long size = 0;
            while (!queue.isEmpty() && (batch.isEmpty() || size + queue.peek().size <= settings.batchBytes())) {
                Append a = queue.poll();
                size += a.size;
                batch.add(a);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void writeBatch(List<Append> batch) throws IOException {
        List<Written> where = new ArrayList<>(batch.size());
        boolean wrote = false;
        for (Append a : batch) {
            if (a.record == null) {
                where.add(null);
                continue;
            }
            try {
                where.add(write(a.record, a.head));
                wrote = true;
            } catch (ContentFailure f) {
                where.add(null);
                a.done.completeExceptionally(f.io());
            }
        }
        if (wrote) {
            flush();
            channel.force(false);
            forces++;
        }
        batches++;
        for (int i = 0; i < batch.size(); i++) {
            Append a = batch.get(i);
            if (a.onDurable != null && !a.done.isDone()) {
                try {
                    a.onDurable.accept(where.get(i));
                } catch (RuntimeException e) {
                    LOG.error("A queue update after a durable write failed", e);
                    a.done.completeExceptionally(e);
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).done.complete(where.get(i));
        }
    }

    private Written write(JournalRecord record, byte[] head) throws IOException, ContentFailure {
        long contentLength = record.content().map(MessageContent::size).orElse(0L);
        long length = 1L + head.length + contentLength;
        if (length > MAX_RECORD) {
            throw new ContentFailure(new IOException("a record of " + length + " bytes is too large"));
        }
        long start = position + out.position();
        crc.reset();
        crc.update(salt);
        putInt((int) length);
        put(new byte[] {record.type()}, 0, 1);
        put(head, 0, head.length);
        long contentOffset = start + 5 + head.length;
        if (record.content().isPresent()) {
            copyContent(record.content().get(), contentLength, start);
        }
        putRaw((int) crc.getValue());
        records++;
        bytes += length + 8;
        return new Written(segment, file, start, contentOffset, contentLength);
    }

    private void copyContent(MessageContent content, long length, long recordStart)
            throws IOException, ContentFailure {
        if (content instanceof MessageContent.Bytes b) {
            put(b.bytes(), 0, b.bytes().length);
            return;
        }
        InputStream in;
        try {
            in = new BoundedInputStream(content.open(), length);
        } catch (IOException e) {
            throw cutBack(recordStart, e);
        }
        try {
            long left = length;
            while (left > 0) {
                int n;
                try {
                    n = in.read(chunk, 0, (int) Math.min(CHUNK, left));
                } catch (IOException e) {
                    throw cutBack(recordStart, e);
                }
                if (n < 0) {
                    throw cutBack(recordStart, new IOException("content shorter than its size"));
                }
                put(chunk, 0, n);
                left -= n;
            }
        } finally {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("Closing a content stream failed", e);
            }
        }
    }

    /** Removes the partly written record from the segment; the batch goes on without it. */
    private ContentFailure cutBack(long recordStart, IOException cause) throws IOException {
        if (recordStart >= position) {
            out.position((int) (recordStart - position));
        } else {
            out.clear();
            channel.truncate(recordStart);
            position = recordStart;
        }
        return new ContentFailure(cause);
    }

    private void putInt(int v) throws IOException {
        byte[] b = {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        put(b, 0, 4);
    }

    /** Puts bytes that the checksum covers. */
    private void put(byte[] b, int off, int len) throws IOException {
        crc.update(b, off, len);
        int done = 0;
        while (done < len) {
            if (!out.hasRemaining()) {
                flush();
            }
            int n = Math.min(len - done, out.remaining());
            out.put(b, off + done, n);
            done += n;
        }
    }

    /** Puts the checksum itself. */
    private void putRaw(int v) throws IOException {
        if (out.remaining() < 4) {
            flush();
        }
        out.putInt(v);
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            position += channel.write(out, position);
        }
        out.clear();
    }

    private void roll() throws IOException {
        long finished = segment;
        long finishedBytes = position;
        // A reused or zero-filled file is longer than its records: cut it, so that recovery
        // finds a finished segment ending cleanly (what lay beyond could never be read anyway).
        channel.truncate(position);
        closeChannel();
        listener.segmentFinished(finished, finishedBytes);
        startSegment(finished + 1);
    }

    /**
     * Begins a segment: in the spare file if there is one (already allocated, so the fsyncs of
     * its batches need not change the file's size), else in a new file.
     */
    private void startSegment(long number) throws IOException {
        Path path = SegmentFiles.path(directory, number);
        boolean reused = SegmentFiles.takeSpare(directory, path);
        channel = reused ? FileChannel.open(path, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segment = number;
        halfFullTold = false;
        salt = SegmentFiles.salt(number);
        file = path;
        position = 0;
        out.clear();
        var header = new JournalRecord.SegmentHeader(number, idFloor.getAsLong(), settings.clock().instant());
        try {
            write(header, header.head());
        } catch (ContentFailure impossible) {
            throw impossible.io();
        }
        flush();
        channel.force(true);
        forces++;
        SegmentFiles.syncDirectory(directory);
        activeSegment = number;
        listener.segmentStarted(number, path);
    }

    private void failAll(List<Append> batch, IOException cause) {
        lock.lock();
        try {
            failure = cause;
            for (Append a : batch) {
                a.done.completeExceptionally(cause);
            }
            for (Append a : queue) {
                a.done.completeExceptionally(cause);
            }
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                LOG.warn("Closing a queue segment failed", e);
            }
        }
    }

    /** Writes what was handed over, then stops the writer and closes the segment. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            closing = true;
            waiting.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while closing the queue journal");
        }
        lock.lock();
        try {
            if (failure != null) {
                throw new IOException("the queue journal had failed", failure);
            }
        } finally {
            lock.unlock();
        }
    }
}

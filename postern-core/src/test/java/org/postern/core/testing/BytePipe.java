package org.postern.core.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One direction of an in-memory connection: bytes written to {@link #sink()} are read from
 * {@link #source()}, in order, by any threads.
 *
 * <p>Unlike {@link java.io.PipedInputStream}, it does not care which thread wrote last. A
 * {@code PipedInputStream} whose buffer is empty fails a read with "Write end dead" as soon as
 * the last thread that wrote has ended, which breaks a session that hands writing to a thread
 * of the moment (IMAP IDLE's watcher) and then answers from its own. The buffer grows as
 * needed, so a writer never waits for a reader. Closing the sink ends the stream after what was
 * written; closing the source makes further writes fail, as a reset connection would.
 */
public final class BytePipe {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private boolean sinkClosed;
    private boolean sourceClosed;

    private final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            lock.lock();
            try {
                if (sinkClosed) {
                    throw new IOException("pipe closed by its writer");
                }
                if (sourceClosed) {
                    throw new IOException("pipe closed by its reader");
                }
                makeRoom(len);
                System.arraycopy(b, off, buffer, end, len);
                end += len;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                sinkClosed = true;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }
    };

    private final InputStream source = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            lock.lock();
            try {
                while (start == end) {
                    if (sourceClosed) {
                        throw new IOException("pipe closed by its reader");
                    }
                    if (sinkClosed) {
                        return -1;
                    }
                    readable.await();
                }
                int n = Math.min(len, end - start);
                System.arraycopy(buffer, start, b, off, n);
                start += n;
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the pipe");
            } finally {
                lock.unlock();
            }
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return end - start;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            lock.lock();
            try {
                sourceClosed = true;
                readable.signalAll();
            } finally {
                lock.unlock();
            }
        }
    };

    /** Where the writing side writes. */
    public OutputStream sink() {
        return sink;
    }

    /** Where the reading side reads. */
    public InputStream source() {
        return source;
    }

    private void makeRoom(int len) {
        if (buffer.length - end >= len) {
            return;
        }
        int held = end - start;
        byte[] target = held + len <= buffer.length / 2 ? buffer : new byte[Math.max(buffer.length * 2, held + len)];
        System.arraycopy(buffer, start, target, 0, held);
        buffer = target;
        start = 0;
        end = held;
    }
}

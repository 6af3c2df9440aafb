package org.postern.core.net;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A buffered output stream that holds its buffer only between a write and the next flush: a
 * session waiting for its peer (an IMAP client in IDLE, most of the day) keeps no buffer, where
 * a {@link java.io.BufferedOutputStream} would keep its array for the connection's lifetime.
 * A protocol flushes after each reply or pipelined group of replies, so a busy session reuses
 * one buffer for a whole response. Writes as large as the buffer go straight through.
 */
final class ReleasingOutputStream extends OutputStream {

    private final OutputStream out;
    private final int size;
    private byte[] buf;
    private int count;

    ReleasingOutputStream(OutputStream out, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("buffer size must be positive");
        }
        this.out = out;
        this.size = size;
    }

    @Override
    public void write(int b) throws IOException {
        if (buf == null) {
            buf = new byte[size];
        } else if (count == buf.length) {
            drain();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len >= size) {
            drain();
            out.write(b, off, len);
            return;
        }
        if (buf == null) {
            buf = new byte[size];
        } else if (len > buf.length - count) {
            drain();
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void drain() throws IOException {
        if (count > 0) {
            out.write(buf, 0, count);
            count = 0;
        }
    }

    /** Writes what is buffered, flushes the stream beneath and lets the buffer go. */
    @Override
    public void flush() throws IOException {
        drain();
        buf = null;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }
}

package org.postern.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Counts the octets and text lines (RFC 3501 section 7.4.2, body-fld-lines) read through it. */
final class CountingInputStream extends FilterInputStream {
    private long octets;
    private long newlines;
    private int last = -1;

    CountingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            octets++;
            last = b;
            if (b == '\n') {
                newlines++;
            }
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        for (int i = 0; i < n; i++) {
            if (buffer[offset + i] == '\n') {
                newlines++;
            }
        }
        if (n > 0) {
            octets += n;
            last = buffer[offset + n - 1];
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    /** Reads what is left and discards it. */
    void drain() throws IOException {
        while (skip(Long.MAX_VALUE) > 0) {
            // keep going
        }
    }

    long octets() {
        return octets;
    }

    /** Lines: newlines, plus one for a last line without its newline. */
    long lines() {
        return newlines + (octets > 0 && last != '\n' ? 1 : 0);
    }
}

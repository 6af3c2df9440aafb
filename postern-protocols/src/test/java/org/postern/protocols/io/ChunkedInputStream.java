package org.postern.protocols.io;

import java.io.InputStream;
import java.util.Random;

/** Test stream that hands out its bytes in small pieces: one at a time, or random sizes. */
public final class ChunkedInputStream extends InputStream {

    private final byte[] data;
    private final Random random;
    private final int maxChunk;
    private int pos;

    /** @param random null for one byte per read */
    public ChunkedInputStream(byte[] data, Random random, int maxChunk) {
        this.data = data;
        this.random = random;
        this.maxChunk = maxChunk;
    }

    public static ChunkedInputStream oneByteAtATime(byte[] data) {
        return new ChunkedInputStream(data, null, 1);
    }

    public static ChunkedInputStream randomChunks(byte[] data, long seed) {
        return new ChunkedInputStream(data, new Random(seed), 17);
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (pos >= data.length) {
            return -1;
        }
        int n = random == null ? 1 : 1 + random.nextInt(maxChunk);
        n = Math.min(Math.min(n, len), data.length - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }

    /** Bytes not yet handed out. */
    public int remaining() {
        return data.length - pos;
    }
}

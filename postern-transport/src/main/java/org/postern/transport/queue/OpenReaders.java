package org.postern.transport.queue;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the content streams open on each segment. A segment that still has readers is
 * deleted rather than reused as the spare when it retires: deleting leaves its bytes to the
 * open streams, overwriting would not (a delivery reading a message that was just compacted
 * away must still read that message).
 */
final class OpenReaders {

    private final Map<Long, AtomicInteger> open = new ConcurrentHashMap<>();

    /** Counts the stream on {@code segment} until it is closed. */
    InputStream track(long segment, InputStream in) {
        AtomicInteger count = open.computeIfAbsent(segment, k -> new AtomicInteger());
        count.incrementAndGet();
        return new FilterInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (!closed) {
                    closed = true;
                    count.decrementAndGet();
                }
                super.close();
            }
        };
    }

    /** Whether a stream is open on the segment. */
    boolean any(long segment) {
        AtomicInteger count = open.get(segment);
        return count != null && count.get() > 0;
    }

    /** Forgets a segment that is gone (its open streams still work). */
    void forget(long segment) {
        open.remove(segment);
    }
}

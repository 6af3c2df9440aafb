package org.postern.transport.queue;

import java.time.Clock;

/**
 * Makes {@link QueueId}s that only grow: the clock's millisecond, or the last one used when the
 * clock stands still or steps back, with a counter inside it. The journal gives it a floor on
 * open (the highest id it holds, and each segment's header keeps the floor of its time), so
 * ids stay unique across restarts even when the queue was empty and the clock went back.
 */
final class QueueIdGenerator {

    private final Clock clock;
    private long last;

    /** @param floor every id made will be greater than this one's value */
    QueueIdGenerator(Clock clock, long floor) {
        this.clock = clock;
        this.last = floor;
    }

    synchronized QueueId next() {
        long candidate = clock.millis() << QueueId.COUNTER_BITS;
        last = Math.max(candidate, last + 1);
        return new QueueId(last);
    }

    /** The greatest value handed out (or the floor). */
    synchronized long floor() {
        return last;
    }
}

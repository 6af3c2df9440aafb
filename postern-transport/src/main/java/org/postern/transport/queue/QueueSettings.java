package org.postern.transport.queue;

import java.time.Clock;
import java.util.Objects;

/**
 * The named settings of the {@link JournalQueue}, with their defaults.
 *
 * @param segmentBytes     a segment file is closed and a new one begun once it holds this many bytes (64 MiB)
 * @param batchBytes       one group commit writes at most about this many bytes before its fsync (8 MiB)
 * @param compactionFactor old segments kept alive by a few long-lived messages are compacted once the
 *                         journal is larger than this many times the live messages plus two segments (2)
 * @param preallocate      whether a zero-filled spare segment is made in the background while the active
 *                         one fills, so that group commits overwrite allocated blocks (true)
 * @param clock            the clock for arrival order, due times and queue ids
 */
public record QueueSettings(long segmentBytes, long batchBytes, double compactionFactor, boolean preallocate,
                            Clock clock) {

    public static final QueueSettings DEFAULT = new QueueSettings(64L << 20, 8L << 20, 2.0, true,
            Clock.systemUTC());

    public QueueSettings {
        Objects.requireNonNull(clock, "clock");
        if (segmentBytes < 4096 || batchBytes < 4096 || compactionFactor < 1.0) {
            throw new IllegalArgumentException("segmentBytes and batchBytes >= 4096, compactionFactor >= 1");
        }
    }

    public QueueSettings withSegmentBytes(long bytes) {
        return new QueueSettings(bytes, batchBytes, compactionFactor, preallocate, clock);
    }

    public QueueSettings withPreallocate(boolean value) {
        return new QueueSettings(segmentBytes, batchBytes, compactionFactor, value, clock);
    }

    public QueueSettings withClock(Clock newClock) {
        return new QueueSettings(segmentBytes, batchBytes, compactionFactor, preallocate, newClock);
    }
}

package org.postern.transport.queue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The journal's segments with, for each, how many live messages have their content in it.
 * Segments are deleted only from the oldest on ({@link #deletableHead}): a DONE or STATE
 * record in a later segment must outlive the MESSAGE record it speaks of, or a deleted
 * message would come back at recovery. A few long-lived messages that pin the oldest segment
 * are copied forward ({@link #shouldCompact}), which keeps the journal near the size of the
 * live messages. Used under the queue's lock.
 */
final class SegmentTable {

    static final class Segment {
        final long number;
        final Path file;
        long bytes;
        int liveMessages;
        long liveBytes;

        Segment(long number, Path file, long bytes) {
            this.number = number;
            this.file = file;
            this.bytes = bytes;
        }
    }

    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long closedBytes;
    private long liveBytes;

    void add(long number, Path file, long bytes) {
        segments.put(number, new Segment(number, file, bytes));
        closedBytes += bytes;
    }

    /** A segment the writer finished, at its final size. */
    void finish(long number, long bytes) {
        Segment s = segments.get(number);
        if (s != null) {
            closedBytes += bytes - s.bytes;
            s.bytes = bytes;
        }
    }

    void addLive(long number, long contentBytes) {
        Segment s = segments.get(number);
        if (s != null) {
            s.liveMessages++;
            s.liveBytes += contentBytes;
            liveBytes += contentBytes;
        }
    }

    void removeLive(long number, long contentBytes) {
        Segment s = segments.get(number);
        if (s != null) {
            s.liveMessages--;
            s.liveBytes -= contentBytes;
            liveBytes -= contentBytes;
        }
    }

    /** The oldest segment, if it is older than the active one and no live message needs it. */
    Optional<Segment> deletableHead(long active) {
        if (segments.isEmpty()) {
            return Optional.empty();
        }
        Segment head = segments.firstEntry().getValue();
        return head.number < active && head.liveMessages == 0 ? Optional.of(head) : Optional.empty();
    }

    void remove(long number) {
        Segment s = segments.remove(number);
        if (s != null) {
            closedBytes -= s.bytes;
        }
    }

    /**
     * Whether the oldest segment, kept only by live messages, should have them copied forward:
     * when the journal has grown past {@code factor} times the live content plus two segments.
     */
    Optional<Segment> shouldCompact(long active, long activeBytes, long segmentBytes, double factor) {
        if (segments.size() < 3) {
            return Optional.empty();
        }
        Segment head = segments.firstEntry().getValue();
        long total = closedBytes + activeBytes;
        boolean tooBig = total > factor * liveBytes + 2.0 * segmentBytes;
        return head.number < active && head.liveMessages > 0 && tooBig ? Optional.of(head) : Optional.empty();
    }

    Optional<Long> headNumber() {
        return segments.isEmpty() ? Optional.empty() : Optional.of(segments.firstKey());
    }

    int count() {
        return segments.size();
    }
}

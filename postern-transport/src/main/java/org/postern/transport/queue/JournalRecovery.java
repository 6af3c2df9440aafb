package org.postern.transport.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the queue from its journal when it opens: reads every segment in order, applies
 * MESSAGE (a later copy replaces an earlier one), REPORT (a MESSAGE and the states it settles,
 * together), STATE and DONE records, and stops each
 * segment at its first torn record. The last segment's torn tail — a batch a crash cut short,
 * never acknowledged — is cut off the file, so nothing after it is ever misread. A whole
 * record that cannot be decoded fails the open instead (the administrator must look: a
 * journal from a newer version, or a bug), never a silent loss.
 */
final class JournalRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(JournalRecovery.class);

    /** One segment as found. */
    record Segment(long number, Path file, long bytes) {
    }

    /**
     * What the journal holds.
     *
     * @param messages    the live messages by id
     * @param segments    every segment, oldest first
     * @param idFloor     the greatest queue id (or id floor) ever written
     * @param nextSegment the number for the segment to begin now
     */
    record Result(TreeMap<QueueId, LiveMessage> messages, List<Segment> segments, long idFloor, long nextSegment) {
    }

    private JournalRecovery() {
    }

    static Result recover(Path directory) throws IOException {
        TreeMap<QueueId, LiveMessage> messages = new TreeMap<>();
        List<Segment> segments = new ArrayList<>();
        long idFloor = 0;
        List<Long> numbers = SegmentFiles.list(directory);
        for (int i = 0; i < numbers.size(); i++) {
            long number = numbers.get(i);
            Path file = SegmentFiles.path(directory, number);
            boolean last = i == numbers.size() - 1;
            try (SegmentScanner scanner = new SegmentScanner(number, file)) {
                Optional<JournalRecord> next;
                while ((next = scanner.next()).isPresent()) {
                    idFloor = Math.max(idFloor, apply(messages, next.get()));
                }
                long size = scanner.validLength();
                if (!scanner.stopReason().isEmpty()) {
                    if (last) {
                        LOG.info("Queue segment {}: {} bytes after the last whole record cut off ({})", number,
                                fileSize(file) - size, scanner.stopReason());
                        truncate(file, size);
                    } else {
                        LOG.error("Queue segment {}: reading stopped at {}; later records in it are lost", number,
                                scanner.stopReason());
                    }
                }
                segments.add(new Segment(number, file, size));
            }
        }
        messages.values().removeIf(LiveMessage::isFinished);
        long nextSegment = numbers.isEmpty() ? 1 : numbers.get(numbers.size() - 1) + 1;
        return new Result(messages, segments, idFloor, nextSegment);
    }

    /** Applies one record; returns the id value it proves was used (0 for none). */
    private static long apply(TreeMap<QueueId, LiveMessage> messages, JournalRecord record) {
        switch (record) {
            case JournalRecord.SegmentHeader h -> {
                return h.idFloor();
            }
            case JournalRecord.MessageRecord m -> {
                messages.put(m.id(), new LiveMessage(m.id(), m.envelope(), (SegmentContent) m.body(), m.states()));
                m.settles().ifPresent(s -> applyStates(messages, s));
                return m.id().value();
            }
            case JournalRecord.StateRecord s -> {
                applyStates(messages, s);
                return 0;
            }
            case JournalRecord.DoneRecord d -> {
                messages.remove(d.id());
                return 0;
            }
        }
    }

    /** A message already done (or removed) keeps no states. */
    private static void applyStates(TreeMap<QueueId, LiveMessage> messages, JournalRecord.StateRecord s) {
        LiveMessage live = messages.get(s.id());
        if (live != null) {
            live.apply(s.changes());
        }
    }

    private static long fileSize(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.size();
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }
}

package org.postern.transport.queue;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The messages waiting for a taker, earliest due first (ties by queue id, so by arrival). A
 * message that is taken, finished or removed is not in it. Used under the queue's lock.
 */
final class DueSchedule {

    record Entry(Instant due, QueueId id) {
    }

    private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::due).thenComparing(Entry::id);

    private final TreeSet<Entry> entries = new TreeSet<>(ORDER);
    private final Map<QueueId, Entry> byId = new HashMap<>();

    /** Puts the message in its place, or takes it out when it is taken or has nothing due. */
    void reschedule(LiveMessage m, Instant now) {
        remove(m.id);
        if (m.isTaken()) {
            return;
        }
        m.dueTime(now).ifPresent(due -> {
            Entry e = new Entry(due, m.id);
            entries.add(e);
            byId.put(m.id, e);
        });
    }

    void remove(QueueId id) {
        Entry old = byId.remove(id);
        if (old != null) {
            entries.remove(old);
        }
    }

    Optional<Entry> first() {
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.first());
    }
}

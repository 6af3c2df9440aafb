package org.postern.transport.queue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.protocols.smtp.ForwardPath;

/**
 * A queued message as the queue keeps it in memory: the envelope, where its content lies in
 * the journal, and its recipients' states keyed by address in their order. Changed only under
 * the queue's lock.
 */
final class LiveMessage {

    final QueueId id;
    final Envelope envelope;
    private SegmentContent content;
    private final Map<ForwardPath, RecipientState> recipients = new LinkedHashMap<>();
    private boolean taken;
    /** The Message-ID the receiving side read, if it said (not in the journal). */
    private final Optional<String> messageId;

    LiveMessage(QueueId id, Envelope envelope, SegmentContent content, List<RecipientState> states) {
        this(id, envelope, content, states, Optional.empty());
    }

    LiveMessage(QueueId id, Envelope envelope, SegmentContent content, List<RecipientState> states,
                Optional<String> messageId) {
        this.id = id;
        this.envelope = envelope;
        this.content = content;
        this.messageId = messageId;
        apply(states);
    }

    /** Replaces each state of the same address, or adds the recipient. */
    void apply(List<RecipientState> changes) {
        for (RecipientState s : changes) {
            recipients.put(s.address(), s);
        }
    }

    List<RecipientState> states() {
        return List.copyOf(recipients.values());
    }

    SegmentContent content() {
        return content;
    }

    void moveContent(SegmentContent moved) {
        content = moved;
    }

    boolean isTaken() {
        return taken;
    }

    void setTaken(boolean value) {
        taken = value;
    }

    /** Whether no recipient is PENDING or DEFERRED. */
    boolean isFinished() {
        return recipients.values().stream().noneMatch(r -> r.status().isOpen());
    }

    /**
     * When the message is next due: the earliest of its open recipients. PENDING counts from
     * arrival (so a deferred message that came due earlier goes first), or from {@code now} if
     * the arrival lies ahead of this clock.
     */
    Optional<Instant> dueTime(Instant now) {
        Instant pendingSince = envelope.arrival().isAfter(now) ? now : envelope.arrival();
        Instant due = null;
        for (RecipientState r : recipients.values()) {
            Optional<Instant> t = r.dueTime(pendingSince);
            if (t.isPresent() && (due == null || t.get().isBefore(due))) {
                due = t.get();
            }
        }
        return Optional.ofNullable(due);
    }

    QueuedMessage snapshot() {
        return new QueuedMessage(id, envelope, content.size(), states(), messageId);
    }
}

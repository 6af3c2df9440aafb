package org.postern.transport.queue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one message in the queue: its id, the envelope as accepted, the size of its
 * content (read it with {@link TransportQueue#openContent}), and the state of every recipient
 * — the envelope's, in order, then those the categorizer added.
 *
 * @param messageId the content's Message-ID when the queue knows it without reading the
 *                  content (kept from receipt, in memory only); empty otherwise
 */
public record QueuedMessage(QueueId id, Envelope envelope, long contentSize, List<RecipientState> recipients,
                            Optional<String> messageId) {

    public QueuedMessage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(messageId, "messageId");
        recipients = List.copyOf(recipients);
    }

    /** A snapshot without a known Message-ID. */
    public QueuedMessage(QueueId id, Envelope envelope, long contentSize, List<RecipientState> recipients) {
        this(id, envelope, contentSize, recipients, Optional.empty());
    }

    /** The recipients still to deliver: PENDING and DEFERRED. */
    public List<RecipientState> openRecipients() {
        return recipients.stream().filter(r -> r.status().isOpen()).toList();
    }

    /** Whether no recipient keeps the message in the queue any more. */
    public boolean isFinished() {
        return recipients.stream().noneMatch(r -> r.status().isOpen());
    }
}

package org.postern.transport.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.directory.Directory;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.MailboxStore;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.Mailbox;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;

/**
 * Delivery into mailboxes of this organisation (reference: "Hub Transport to Mailbox server";
 * in one process, a method call on the store). Each recipient's copy goes into its Inbox with
 * a {@code Return-Path} field (RFC 5321 section 4.4) naming the envelope sender. The append
 * carries a {@link DeliveryKey} of queue id and recipient, so a delivery repeated after a
 * crash — appended, but not yet marked delivered in the queue — is not doubled.
 */
public final class MailboxDelivery implements LocalDelivery {

    private final InboxAppend inboxAppend;
    private final TrackingLog tracking;
    private final Clock clock;
    private final FinalDelivery after;

    public MailboxDelivery(Directory directory, MailboxStore store, TrackingLog tracking, Clock clock) {
        this(directory, store, tracking, clock, FinalDelivery.NONE);
    }

    /** @param after told of each message newly stored (the Mailbox role's out-of-office replies) */
    public MailboxDelivery(Directory directory, MailboxStore store, TrackingLog tracking, Clock clock, FinalDelivery after) {
        this.inboxAppend = new InboxAppend(directory, store, clock);
        this.tracking = tracking;
        this.clock = clock;
        this.after = after;
    }

    @Override
    public List<DeliveryResult> deliver(QueuedMessage message, List<RecipientState> recipients, TransportQueue queue,
                                        String messageId) {
        List<DeliveryResult> results = new ArrayList<>();
        for (RecipientState recipient : recipients) {
            results.add(deliverOne(message, recipient, queue, messageId));
        }
        return results;
    }

    private DeliveryResult deliverOne(QueuedMessage message, RecipientState recipient, TransportQueue queue, String messageId) {
        InboxAppend.Outcome outcome = inboxAppend.deliver(message.envelope().reversePath(), recipient.address(),
                () -> queue.openContent(message.id()), Optional.of(message.id().toString()));
        String reply = outcome.reply().toString();
        return switch (outcome) {
            case InboxAppend.Stored stored -> {
                tracking.record(new TrackingEvent(Instant.now(clock), TrackingEventType.DELIVER, messageId,
                        Optional.of(message.id().toString()), message.envelope().reversePath().toString(),
                        List.of(recipient.address().toString()), "hub", "mailbox " + stored.owner() + "/Inbox",
                        "uid " + stored.appended().uid()
                                + (stored.appended().replayed() ? " (already delivered before a restart)" : "")));
                if (!stored.appended().replayed()) {
                    after.stored(stored.owner(), message.envelope().reversePath(), () -> queue.openContent(message.id()));
                }
                yield DeliveryResult.delivered(recipient, reply);
            }
            case InboxAppend.NotStored refused when refused.permanent() -> DeliveryResult.permanent(recipient, reply);
            case InboxAppend.NotStored refused -> DeliveryResult.temporary(recipient, reply);
        };
    }
}

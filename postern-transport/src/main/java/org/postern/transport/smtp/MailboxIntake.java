package org.postern.transport.smtp;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.directory.Directory;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.MailboxStore;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.delivery.FinalDelivery;
import org.postern.transport.delivery.InboxAppend;
import org.postern.transport.queue.EnvelopeRecipient;

/**
 * The mailbox role's end of LMTP (RFC 2033 section 4.2): each accepted recipient's copy goes
 * into its Inbox with a {@code Return-Path} field (RFC 5321 section 4.4, the final delivery's),
 * and each gets its own reply, in RCPT order — {@code 250} once the store committed it,
 * {@code 452 4.2.2} for a full mailbox, {@code 552 5.3.4} for a message too big,
 * {@code 451 4.3.0} when the store fails.
 *
 * <p>Idempotence: the hub names its queue id in ENVID (RFC 3461; the hub keeps the sender's own
 * ENVID for its reports, which it alone makes). From an authenticated hub that id and the
 * recipient are the append's {@link DeliveryKey}, so a delivery the hub repeats after losing
 * the reply (or after a crash) is stored once — as the in-process delivery is.
 */
final class MailboxIntake implements Intake {

    private final InboxAppend inboxAppend;
    private final TrackingLog tracking;
    private final Clock clock;
    private final String hostname;
    private final FinalDelivery after;

    MailboxIntake(Directory directory, MailboxStore store, TrackingLog tracking, Clock clock, String hostname,
                  FinalDelivery after) {
        this.after = after;
        this.inboxAppend = new InboxAppend(directory, store, clock);
        this.tracking = tracking;
        this.clock = clock;
        this.hostname = hostname;
    }

    @Override
    public List<SmtpReply> accept(SmtpSession s, SessionState.Hello hello, SessionState.Transaction tx, MessageSpool body) {
        body.finish();
        Optional<String> deliveryId = s.peerServer().isPresent() ? tx.parameters().envId() : Optional.empty();
        List<SmtpReply> replies = new ArrayList<>(tx.recipients().size());
        for (EnvelopeRecipient recipient : tx.recipients()) {
            replies.add(deliver(s, tx, recipient, body, deliveryId));
        }
        s.messageQueued();
        return replies;
    }

    private SmtpReply deliver(SmtpSession s, SessionState.Transaction tx, EnvelopeRecipient recipient, MessageSpool body,
                              Optional<String> deliveryId) {
        InboxAppend.Outcome outcome = inboxAppend.deliver(tx.reversePath(), recipient.address(), body::openBody, deliveryId);
        if (outcome instanceof InboxAppend.Stored stored) {
            tracking.record(new TrackingEvent(clock.instant(), TrackingEventType.DELIVER, "", deliveryId,
                    tx.reversePath().toString(), List.of(recipient.address().toString()),
                    "LMTP " + s.connection().remoteAddress().getHostAddress(), hostname,
                    "mailbox " + stored.owner() + "/Inbox uid " + stored.appended().uid()
                            + (stored.appended().replayed() ? " (delivered before)" : "")));
            if (!stored.appended().replayed()) {
                after.stored(stored.owner(), tx.reversePath(), body::openBody);
            }
        }
        return outcome.reply();
    }
}

package org.postern.transport.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.Folder;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.Mailbox;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery into mailboxes of this organisation (reference: "Hub Transport to Mailbox server";
 * in one process, a method call on the store). Each recipient's copy goes into its Inbox with
 * a {@code Return-Path} field (RFC 5321 section 4.4) naming the envelope sender. The append
 * carries a {@link DeliveryKey} of queue id and recipient, so a delivery repeated after a
 * crash — appended, but not yet marked delivered in the queue — is not doubled.
 */
public final class MailboxDelivery implements LocalDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(MailboxDelivery.class);

    private final Directory directory;
    private final MailboxStore store;
    private final TrackingLog tracking;
    private final Clock clock;

    public MailboxDelivery(Directory directory, MailboxStore store, TrackingLog tracking, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.tracking = tracking;
        this.clock = clock;
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
        Optional<EmailAddress> address = recipient.address() instanceof Mailbox m ? m.toEmailAddress() : Optional.empty();
        Optional<User> user;
        try {
            user = address.flatMap(directory::findUser);
        } catch (RuntimeException e) {
            LOG.warn("directory unavailable delivering {} to {}: {}", message.id(), recipient.address(), e.getMessage());
            return DeliveryResult.temporary(recipient, "451 4.3.0 Directory unavailable, will retry");
        }
        if (user.isEmpty()) {
            return DeliveryResult.permanent(recipient, "550 5.1.1 <" + recipient.address() + ">: Recipient address rejected: no such mailbox here");
        }
        try (InputStream content = withReturnPath(message, queue)) {
            Folder inbox = inbox(user.get().address());
            AppendResult appended = store.append(inbox.id(), new AppendRequest(content, Set.of(), Set.of(),
                    clock.instant(), Optional.of(new DeliveryKey(message.id().toString(), user.get().address().canonical()))));
            tracking.record(new TrackingEvent(Instant.now(clock), TrackingEventType.DELIVER, messageId,
                    Optional.of(message.id().toString()), message.envelope().reversePath().toString(),
                    List.of(recipient.address().toString()), "hub", "mailbox " + user.get().address() + "/Inbox",
                    "uid " + appended.uid() + (appended.replayed() ? " (already delivered before a restart)" : "")));
            return DeliveryResult.delivered(recipient, "250 2.0.0 <" + recipient.address() + "> delivered to mailbox");
        } catch (StoreException e) {
            return storeFailure(message, recipient, e);
        } catch (IOException | RuntimeException e) {
            LOG.warn("delivery of {} to {} failed: {}", message.id(), recipient.address(), e.toString());
            return DeliveryResult.temporary(recipient, "451 4.3.0 Mailbox store unavailable, will retry");
        }
    }

    private DeliveryResult storeFailure(QueuedMessage message, RecipientState recipient, StoreException e) {
        if (e.error() == StoreError.TOO_BIG) {
            return DeliveryResult.permanent(recipient, "552 5.3.4 Message too big for the mailbox");
        }
        if (e.error() == StoreError.NO_QUOTA) {
            return DeliveryResult.temporary(recipient, "452 4.2.2 Mailbox full, will retry");
        }
        LOG.warn("delivery of {} to {} failed in the store: {} {}", message.id(), recipient.address(), e.error(), e.getMessage());
        return DeliveryResult.temporary(recipient, "451 4.3.0 Mailbox store unavailable, will retry");
    }

    /**
     * The owner's Inbox, in one look-up when the mailbox exists; a user added without a mailbox
     * (by an external directory, say) gets one now.
     */
    private Folder inbox(EmailAddress owner) {
        Optional<Folder> inbox;
        try {
            inbox = store.findFolder(owner, SpecialUse.INBOX);
        } catch (StoreException e) {
            if (e.error() != StoreError.NOT_FOUND) {
                throw e;
            }
            inbox = Optional.empty(); // no mailbox yet
        }
        if (inbox.isPresent()) {
            return inbox.get();
        }
        try {
            store.createMailbox(owner);
        } catch (StoreException e) {
            if (e.error() != StoreError.ALREADY_EXISTS) {
                throw e;
            }
        }
        return store.findFolder(owner, SpecialUse.INBOX)
                .orElseThrow(() -> new StoreException(StoreError.TEMPORARY, "no Inbox for " + owner));
    }

    private static InputStream withReturnPath(QueuedMessage message, TransportQueue queue) throws IOException {
        byte[] field = ("Return-Path: <" + message.envelope().reversePath() + ">\r\n").getBytes(StandardCharsets.UTF_8);
        return new SequenceInputStream(new ByteArrayInputStream(field), queue.openContent(message.id()));
    }
}

package org.postern.transport.smtp;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.queue.EnvelopeRecipient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(MailboxIntake.class);

    private final Directory directory;
    private final MailboxStore store;
    private final TrackingLog tracking;
    private final Clock clock;
    private final String hostname;

    MailboxIntake(Directory directory, MailboxStore store, TrackingLog tracking, Clock clock, String hostname) {
        this.directory = directory;
        this.store = store;
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
        Optional<EmailAddress> address = recipient.address() instanceof Mailbox m ? m.toEmailAddress() : Optional.empty();
        Optional<User> user;
        try {
            user = address.flatMap(directory::findUser);
        } catch (RuntimeException e) {
            return SmtpReply.of(451, "4.3.0", "Directory unavailable, try again later");
        }
        if (user.isEmpty()) {
            return SmtpReply.of(550, "5.1.1", "<" + recipient.address() + ">: no such mailbox here");
        }
        byte[] returnPath = ("Return-Path: <" + tx.reversePath() + ">\r\n").getBytes(StandardCharsets.UTF_8);
        Optional<DeliveryKey> key = deliveryId.map(id -> new DeliveryKey(id, user.get().address().canonical()));
        try (InputStream content = new SequenceInputStream(new ByteArrayInputStream(returnPath), body.openBody())) {
            AppendResult appended = store.append(inbox(user.get().address()).id(),
                    new AppendRequest(content, Set.of(), Set.of(), clock.instant(), key));
            tracking.record(new TrackingEvent(clock.instant(), TrackingEventType.DELIVER, "", deliveryId,
                    tx.reversePath().toString(), List.of(recipient.address().toString()),
                    "LMTP " + s.connection().remoteAddress().getHostAddress(), hostname,
                    "mailbox " + user.get().address() + "/Inbox uid " + appended.uid()
                            + (appended.replayed() ? " (delivered before)" : "")));
            return SmtpReply.of(250, "2.0.0", "<" + recipient.address() + "> delivered to mailbox");
        } catch (StoreException e) {
            if (e.error() == StoreError.TOO_BIG) {
                return SmtpReply.of(552, "5.3.4", "Message too big for the mailbox");
            }
            if (e.error() == StoreError.NO_QUOTA) {
                return SmtpReply.of(452, "4.2.2", "Mailbox full");
            }
            LOG.warn("LMTP delivery to {} failed in the store: {} {}", recipient.address(), e.error(), e.getMessage());
            return SmtpReply.of(451, "4.3.0", "Mailbox store unavailable, try again later");
        } catch (IOException | RuntimeException e) {
            LOG.warn("LMTP delivery to {} failed: {}", recipient.address(), e.toString());
            return SmtpReply.of(451, "4.3.0", "Mailbox store unavailable, try again later");
        }
    }

    /** The owner's Inbox; a user without a mailbox yet gets one now. */
    private Folder inbox(EmailAddress owner) {
        if (!store.hasMailbox(owner)) {
            try {
                store.createMailbox(owner);
            } catch (StoreException e) {
                if (e.error() != StoreError.ALREADY_EXISTS) {
                    throw e;
                }
            }
        }
        return store.findFolder(owner, SpecialUse.INBOX)
                .orElseThrow(() -> new StoreException(StoreError.TEMPORARY, "no Inbox for " + owner));
    }
}

package org.postern.transport.delivery;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.DeliveryKey;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.ReversePath;
import org.postern.protocols.smtp.SmtpReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Final delivery of one recipient's copy into its Inbox, the step the in-process delivery
 * ({@link MailboxDelivery}) and the mailbox role's LMTP intake share: the recipient looked up
 * in the directory, a {@code Return-Path} field naming the envelope sender put first (RFC 5321
 * section 4.4), the append keyed by a {@link DeliveryKey} of delivery id and recipient when
 * there is one (so a repeated delivery is stored once), a user without a mailbox given one (the
 * Inbox found in the append's own transaction: {@link MailboxStore#appendToInbox}).
 * Its {@link Outcome} carries the reply each caller turns into its own form; a copy past the
 * recipient's storage limit is {@link #MAILBOX_FULL}, permanent.
 */
public final class InboxAppend {

    private static final Logger LOG = LoggerFactory.getLogger(InboxAppend.class);

    /**
     * A copy that would take the recipient's mailbox past its storage limit (RFC 3463 X.2.2),
     * refused for good: the sender hears of it at once, by the reply or a DSN
     * (docs/adr/0023-storage-quota.md).
     */
    public static final SmtpReply MAILBOX_FULL = SmtpReply.of(552, "5.2.2", "Mailbox full: the recipient's storage quota is used up");

    /** Where the message's bytes come from; opened once, after the recipient is known. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /** What became of one recipient's copy. */
    public sealed interface Outcome {
        SmtpReply reply();
    }

    /** Stored (or found stored by an earlier delivery of the same key). */
    public record Stored(EmailAddress owner, AppendResult appended, SmtpReply reply) implements Outcome {}

    /** Not stored: {@code permanent} when a retry cannot help. */
    public record NotStored(boolean permanent, SmtpReply reply) implements Outcome {}

    private final Directory directory;
    private final MailboxStore store;
    private final Clock clock;

    public InboxAppend(Directory directory, MailboxStore store, Clock clock) {
        this.directory = directory;
        this.store = store;
        this.clock = clock;
    }

    /**
     * Delivers {@code content} to {@code recipient}'s Inbox.
     *
     * @param deliveryId the id that makes a repeated delivery idempotent (the queue id), if any
     */
    public Outcome deliver(ReversePath reversePath, ForwardPath recipient, Content content, Optional<String> deliveryId) {
        Optional<EmailAddress> address = recipient instanceof Mailbox m ? m.toEmailAddress() : Optional.empty();
        Optional<User> user;
        try {
            user = address.flatMap(directory::findUser);
        } catch (RuntimeException e) {
            LOG.warn("directory unavailable delivering to {}: {}", recipient, e.getMessage());
            return new NotStored(false, SmtpReply.of(451, "4.3.0", "Directory unavailable, try again later"));
        }
        if (user.isEmpty()) {
            return new NotStored(true, SmtpReply.of(550, "5.1.1", "<" + recipient + ">: Recipient address rejected: no such mailbox here"));
        }
        EmailAddress owner = user.get().address();
        byte[] returnPath = ("Return-Path: <" + reversePath + ">\r\n").getBytes(StandardCharsets.UTF_8);
        try (InputStream body = new SequenceInputStream(new ByteArrayInputStream(returnPath), content.open())) {
            AppendResult appended = store.appendToInbox(owner, new AppendRequest(body, Set.of(), Set.of(),
                    clock.instant(), deliveryId.map(id -> new DeliveryKey(id, owner.canonical()))));
            return new Stored(owner, appended, SmtpReply.of(250, "2.0.0", "<" + recipient + "> delivered to mailbox"));
        } catch (StoreException e) {
            if (e.error() == StoreError.TOO_BIG) {
                return new NotStored(true, SmtpReply.of(552, "5.3.4", "Message too big for the mailbox"));
            }
            if (e.error() == StoreError.NO_QUOTA) {
                return new NotStored(true, MAILBOX_FULL); // for good, as Exchange and Dovecot do: ADR 0023
            }
            LOG.warn("delivery to {} failed in the store: {} {}", recipient, e.error(), e.getMessage());
            return new NotStored(false, SmtpReply.of(451, "4.3.0", "Mailbox store unavailable, try again later"));
        } catch (IOException | RuntimeException e) {
            LOG.warn("delivery to {} failed: {}", recipient, e.toString());
            return new NotStored(false, SmtpReply.of(451, "4.3.0", "Mailbox store unavailable, try again later"));
        }
    }
}

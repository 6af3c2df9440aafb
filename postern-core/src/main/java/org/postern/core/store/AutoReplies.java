package org.postern.core.store;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.postern.core.address.EmailAddress;

/**
 * Each user's out-of-office reply (RFC 3834), kept by the Mailbox role beside the mailbox: the
 * text when it is on, and which senders were answered when, so that a sender gets one reply
 * per period however many messages it sends.
 */
public interface AutoReplies {

    /** The reply text when the owner's auto-reply is on. */
    Optional<String> text(EmailAddress owner);

    /** Turns the owner's auto-reply on with this text (replacing any earlier text; who was answered is forgotten). */
    void set(EmailAddress owner, String text);

    /** Turns it off; who was answered is forgotten. */
    void clear(EmailAddress owner);

    /**
     * Records that {@code sender} is answered for {@code owner} now, unless it was answered
     * less than {@code period} ago.
     *
     * @return whether to reply (the claim was taken)
     */
    boolean claim(EmailAddress owner, String sender, Instant now, Duration period);

    /** Gives back a claim whose reply could not be sent, so a later message is answered. */
    void release(EmailAddress owner, String sender);
}

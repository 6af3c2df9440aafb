package org.postern.transport.queue;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.RcptParameters;

/**
 * What has happened to one recipient of a queued message, as the categorizer and delivery
 * record it. The address is the key: an update replaces the state of the same address, or
 * adds a recipient (the categorizer's expansion of an alias or group, RFC 5321 section 3.9).
 *
 * @param address          the forward-path
 * @param dsn              its NOTIFY and ORCPT (RFC 3461 section 4), which an expansion carries over
 * @param status           where it stands
 * @param attempts         delivery attempts made so far
 * @param nextAttempt      when a DEFERRED recipient is due again; empty means now
 * @param lastReply        the last reply about it, e.g. {@code 550 5.1.1 No such user}
 * @param route            how it goes out, e.g. {@code mailbox} or {@code smtp:example.org}; empty until categorized
 * @param delayNoticeSent  whether a delay notice (RFC 3464 action "delayed") went to the sender
 */
public record RecipientState(ForwardPath address, RcptParameters dsn, DeliveryStatus status, int attempts,
                             Optional<Instant> nextAttempt, Optional<String> lastReply, Optional<String> route,
                             boolean delayNoticeSent) {

    public RecipientState {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dsn, "dsn");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(lastReply, "lastReply");
        Objects.requireNonNull(route, "route");
        if (attempts < 0) {
            throw new IllegalArgumentException("negative attempts");
        }
    }

    /** A recipient not yet tried. */
    public static RecipientState pending(ForwardPath address, RcptParameters dsn) {
        return new RecipientState(address, dsn, DeliveryStatus.PENDING, 0, Optional.empty(), Optional.empty(),
                Optional.empty(), false);
    }

    /** The state of an envelope recipient when its message is queued. */
    public static RecipientState pending(EnvelopeRecipient recipient) {
        return pending(recipient.address(), recipient.dsn());
    }

    /** Delivered, with the reply that said so; counts the attempt. */
    public RecipientState delivered(String reply) {
        return new RecipientState(address, dsn, DeliveryStatus.DELIVERED, attempts + 1, Optional.empty(),
                Optional.of(reply), route, delayNoticeSent);
    }

    /** Refused for now, to be tried again at {@code next}; counts the attempt. */
    public RecipientState deferred(String reply, Instant next) {
        return new RecipientState(address, dsn, DeliveryStatus.DEFERRED, attempts + 1, Optional.of(next),
                Optional.of(reply), route, delayNoticeSent);
    }

    /** Given up, with the reply (or the reason) to put in the non-delivery report; counts the attempt. */
    public RecipientState failed(String reply) {
        return new RecipientState(address, dsn, DeliveryStatus.FAILED, attempts + 1, Optional.empty(),
                Optional.of(reply), route, delayNoticeSent);
    }

    /** Replaced by the recipients an alias or group expands to. */
    public RecipientState expanded() {
        return new RecipientState(address, dsn, DeliveryStatus.EXPANDED, attempts, Optional.empty(), lastReply,
                route, delayNoticeSent);
    }

    /** The same recipient with a route. */
    public RecipientState withRoute(String newRoute) {
        return new RecipientState(address, dsn, status, attempts, nextAttempt, lastReply, Optional.of(newRoute),
                delayNoticeSent);
    }

    /** The same recipient, noted as having had its delay notice. */
    public RecipientState withDelayNoticeSent() {
        return new RecipientState(address, dsn, status, attempts, nextAttempt, lastReply, route, true);
    }

    /** A DEFERRED recipient made due at {@code now} (the administrator's retry); others unchanged. */
    RecipientState dueAt(Instant now) {
        if (status != DeliveryStatus.DEFERRED) {
            return this;
        }
        return new RecipientState(address, dsn, status, attempts, Optional.of(now), lastReply, route,
                delayNoticeSent);
    }

    /**
     * When it is due, if it is open: {@code pendingSince} (the arrival) for PENDING, the next
     * attempt for DEFERRED (or {@code pendingSince} when it has none).
     */
    Optional<Instant> dueTime(Instant pendingSince) {
        return switch (status) {
            case PENDING -> Optional.of(pendingSince);
            case DEFERRED -> Optional.of(nextAttempt.orElse(pendingSince));
            case DELIVERED, FAILED, EXPANDED -> Optional.empty();
        };
    }
}

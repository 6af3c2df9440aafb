package org.postern.core.tracking;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A search of the tracking log: every given criterion must match (sender and recipient
 * compared case-insensitively, message-id exactly); results newest first, at most
 * {@code limit}.
 */
public record TrackingQuery(Optional<String> sender, Optional<String> recipient, Optional<String> messageId,
                            Optional<Instant> since, int limit) {
    public static final int DEFAULT_LIMIT = 1000;

    public TrackingQuery {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(since, "since");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive");
        }
    }

    /** Everything, newest first, up to {@link #DEFAULT_LIMIT}. */
    public static TrackingQuery all() {
        return new TrackingQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_LIMIT);
    }

    public TrackingQuery withSender(String value) {
        return new TrackingQuery(Optional.of(value), recipient, messageId, since, limit);
    }

    public TrackingQuery withRecipient(String value) {
        return new TrackingQuery(sender, Optional.of(value), messageId, since, limit);
    }

    public TrackingQuery withMessageId(String value) {
        return new TrackingQuery(sender, recipient, Optional.of(value), since, limit);
    }

    public TrackingQuery withSince(Instant value) {
        return new TrackingQuery(sender, recipient, messageId, Optional.of(value), limit);
    }

    public TrackingQuery withLimit(int value) {
        return new TrackingQuery(sender, recipient, messageId, since, value);
    }
}

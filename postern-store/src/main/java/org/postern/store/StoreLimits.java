package org.postern.store;

import java.time.Duration;

/**
 * The store's bounds.
 *
 * @param maxMessageSize largest message accepted, in octets (default 64 MiB)
 * @param garbageGrace how old an unreferenced blob file must be before collection may remove
 *     it (default one hour), so an append in flight never loses its bytes
 */
public record StoreLimits(long maxMessageSize, Duration garbageGrace) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;
    public static final Duration DEFAULT_GARBAGE_GRACE = Duration.ofHours(1);

    public StoreLimits {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive");
        }
        if (garbageGrace.isNegative()) {
            throw new IllegalArgumentException("garbageGrace must not be negative");
        }
    }

    public static StoreLimits defaults() {
        return new StoreLimits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_GARBAGE_GRACE);
    }
}

package org.postern.store;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The store's bounds.
 *
 * @param maxMessageSize largest message accepted, in octets (default 64 MiB)
 * @param garbageGrace how old an unreferenced blob file must be before collection may remove
 *     it (default one hour), so an append in flight never loses its bytes
 * @param inlineLimit largest content kept inside the database rather than as a blob file, in
 *     octets (default 128 KiB, at most {@link #MAX_INLINE_LIMIT}; 0 keeps every content as a
 *     file). See docs/adr/0019-inline-content.md.
 * @param storageLimit the default STORAGE limit of a mailbox (RFC 9208), in octets, for owners
 *     without one of their own; empty (the default) for none. See docs/adr/0023-storage-quota.md.
 */
public record StoreLimits(long maxMessageSize, Duration garbageGrace, int inlineLimit, OptionalLong storageLimit) {
    public static final long DEFAULT_MAX_MESSAGE_SIZE = 64L * 1024 * 1024;
    public static final Duration DEFAULT_GARBAGE_GRACE = Duration.ofHours(1);
    public static final int DEFAULT_INLINE_LIMIT = 128 * 1024;
    /** An inline content is staged in memory, as every content up to this size is (BlobStore). */
    public static final int MAX_INLINE_LIMIT = BlobStore.IN_MEMORY;

    public StoreLimits {
        if (maxMessageSize < 1) {
            throw new IllegalArgumentException("maxMessageSize must be positive");
        }
        if (garbageGrace.isNegative()) {
            throw new IllegalArgumentException("garbageGrace must not be negative");
        }
        if (inlineLimit < 0 || inlineLimit > MAX_INLINE_LIMIT) {
            throw new IllegalArgumentException("inlineLimit must be between 0 and " + MAX_INLINE_LIMIT + ": " + inlineLimit);
        }
        if (storageLimit.isPresent() && storageLimit.getAsLong() < 0) {
            throw new IllegalArgumentException("storageLimit must not be negative: " + storageLimit);
        }
    }

    /** The given bounds with no default storage limit. */
    public StoreLimits(long maxMessageSize, Duration garbageGrace, int inlineLimit) {
        this(maxMessageSize, garbageGrace, inlineLimit, OptionalLong.empty());
    }

    /** The given bounds with the default inline limit. */
    public StoreLimits(long maxMessageSize, Duration garbageGrace) {
        this(maxMessageSize, garbageGrace, DEFAULT_INLINE_LIMIT);
    }

    public static StoreLimits defaults() {
        return new StoreLimits(DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_GARBAGE_GRACE, DEFAULT_INLINE_LIMIT);
    }

    /** These bounds with another inline limit. */
    public StoreLimits withInlineLimit(int limit) {
        return new StoreLimits(maxMessageSize, garbageGrace, limit, storageLimit);
    }

    /** These bounds with another default storage limit (empty: none). */
    public StoreLimits withStorageLimit(OptionalLong limit) {
        return new StoreLimits(maxMessageSize, garbageGrace, inlineLimit, limit);
    }
}

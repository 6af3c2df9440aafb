package org.postern.core.store;

import java.util.OptionalLong;

/**
 * A mailbox's STORAGE resource (RFC 9208 section 5.1): the octets of all its messages, every
 * copy counted (as an IMAP client sees them, whatever the store shares underneath), and the
 * limit in force for it, if any. A message is refused when it would take the usage past the
 * limit ({@link StoreError#NO_QUOTA}); a mailbox already past it (its limit lowered) keeps
 * what it has and may always shrink.
 *
 * @param usedOctets  the sum of the sizes of the mailbox's messages
 * @param limitOctets the limit: the owner's own, else the server's default; empty for none
 */
public record StorageQuota(long usedOctets, OptionalLong limitOctets) {

    public StorageQuota {
        if (usedOctets < 0) {
            throw new IllegalArgumentException("usage must not be negative: " + usedOctets);
        }
        if (limitOctets.isPresent() && limitOctets.getAsLong() < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limitOctets);
        }
    }

    /** True when {@code more} octets would take the usage past the limit. */
    public boolean wouldExceed(long more) {
        return limitOctets.isPresent() && usedOctets + more > limitOctets.getAsLong();
    }

    /** True when not one more octet fits: the mailbox is full (RFC 3463 X.2.2). */
    public boolean full() {
        return wouldExceed(1);
    }
}

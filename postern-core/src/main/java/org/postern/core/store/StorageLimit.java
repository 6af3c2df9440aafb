package org.postern.core.store;

/**
 * What an administrator sets as one owner's storage limit ({@code postern user quota}): the
 * server's default ({@code store.quota} in postern.yaml), no limit at all, or a number of octets.
 */
public sealed interface StorageLimit {

    /** The server's default applies. */
    record ServerDefault() implements StorageLimit {
    }

    /** No limit for this owner, whatever the default. */
    record Unlimited() implements StorageLimit {
    }

    /** At most this many octets. */
    record Octets(long value) implements StorageLimit {
        public Octets {
            if (value < 0) {
                throw new IllegalArgumentException("a storage limit must not be negative: " + value);
            }
        }
    }
}

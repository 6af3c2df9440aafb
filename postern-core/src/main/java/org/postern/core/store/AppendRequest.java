package org.postern.core.store;

import java.io.InputStream;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message to append (RFC 3501 section 6.3.11, LMTP delivery): its bytes as an RFC 5322
 * message, the flags and keywords it starts with, its internal date, and the hub's
 * {@link DeliveryKey} if it is a delivery. The store reads {@code content} to its end and
 * does not close it.
 */
public record AppendRequest(InputStream content, Set<Flag> flags, Set<String> keywords,
                            Instant internalDate, Optional<DeliveryKey> deliveryKey) {
    public AppendRequest {
        Objects.requireNonNull(content, "content");
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
        keywords = Set.copyOf(Keywords.validate(keywords));
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(deliveryKey, "deliveryKey");
    }

    /** A message with no flags, dated now. */
    public static AppendRequest of(InputStream content) {
        return new AppendRequest(content, Set.of(), Set.of(), Instant.now(), Optional.empty());
    }

    public AppendRequest withFlags(Set<Flag> newFlags) {
        return new AppendRequest(content, newFlags, keywords, internalDate, deliveryKey);
    }

    public AppendRequest withDeliveryKey(DeliveryKey key) {
        return new AppendRequest(content, flags, keywords, internalDate, Optional.of(key));
    }
}

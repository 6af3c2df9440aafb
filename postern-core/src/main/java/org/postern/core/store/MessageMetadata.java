package org.postern.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * What the store knows of a message without reading its bytes: UID (RFC 3501 section
 * 2.3.1.1), flags and mod-sequence (RFC 7162), INTERNALDATE (section 2.3.3), RFC822.SIZE
 * (section 2.3.4), the ENVELOPE and BODYSTRUCTURE parsed at append, and the content's
 * SHA-256 (hex) under which its bytes are kept once.
 */
public record MessageMetadata(long uid, long modSeq, Set<Flag> flags, Set<String> keywords,
                              Instant internalDate, long size, String contentHash,
                              Envelope envelope, BodyStructure bodyStructure) {
    public MessageMetadata {
        flags = java.util.Set.copyOf(flags);
        keywords = java.util.Set.copyOf(keywords);
        Objects.requireNonNull(internalDate, "internalDate");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(bodyStructure, "bodyStructure");
    }
}

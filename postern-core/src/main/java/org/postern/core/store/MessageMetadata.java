package org.postern.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the store knows of a message without reading its bytes: UID (RFC 3501 section
 * 2.3.1.1), flags and mod-sequence (RFC 7162), INTERNALDATE (section 2.3.3), RFC822.SIZE
 * (section 2.3.4), the ENVELOPE and BODYSTRUCTURE parsed at append, and the content's
 * SHA-256 (hex) under which its bytes are kept once.
 *
 * <p>The ENVELOPE and BODYSTRUCTURE may be given as suppliers, called at most once on first
 * use: a FETCH of FLAGS RFC822.SIZE ENVELOPE does not pay for decoding a BODYSTRUCTURE, nor a
 * SEARCH by size for either. Not for use by several threads at once.
 */
public final class MessageMetadata {

    private final long uid;
    private final long modSeq;
    private final Set<Flag> flags;
    private final Set<String> keywords;
    private final Instant internalDate;
    private final long size;
    private final String contentHash;
    private Supplier<Envelope> envelopeSource;
    private Envelope envelope;
    private Supplier<BodyStructure> bodyStructureSource;
    private BodyStructure bodyStructure;

    public MessageMetadata(long uid, long modSeq, Set<Flag> flags, Set<String> keywords, Instant internalDate, long size,
                           String contentHash, Envelope envelope, BodyStructure bodyStructure) {
        this(uid, modSeq, flags, keywords, internalDate, size, contentHash, (Supplier<Envelope>) null, null);
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        this.bodyStructure = Objects.requireNonNull(bodyStructure, "bodyStructure");
    }

    /** The ENVELOPE and BODYSTRUCTURE decoded only when asked for. */
    public MessageMetadata(long uid, long modSeq, Set<Flag> flags, Set<String> keywords, Instant internalDate, long size,
                           String contentHash, Supplier<Envelope> envelope, Supplier<BodyStructure> bodyStructure) {
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = Set.copyOf(flags);
        this.keywords = Set.copyOf(keywords);
        this.internalDate = Objects.requireNonNull(internalDate, "internalDate");
        this.size = size;
        this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
        this.envelopeSource = envelope;
        this.bodyStructureSource = bodyStructure;
    }

    public long uid() {
        return uid;
    }

    public long modSeq() {
        return modSeq;
    }

    public Set<Flag> flags() {
        return flags;
    }

    public Set<String> keywords() {
        return keywords;
    }

    public Instant internalDate() {
        return internalDate;
    }

    public long size() {
        return size;
    }

    public String contentHash() {
        return contentHash;
    }

    public Envelope envelope() {
        if (envelope == null) {
            envelope = Objects.requireNonNull(envelopeSource.get(), "envelope");
            envelopeSource = null;
        }
        return envelope;
    }

    public BodyStructure bodyStructure() {
        if (bodyStructure == null) {
            bodyStructure = Objects.requireNonNull(bodyStructureSource.get(), "bodyStructure");
            bodyStructureSource = null;
        }
        return bodyStructure;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageMetadata m && uid == m.uid && modSeq == m.modSeq && size == m.size && flags.equals(m.flags)
                && keywords.equals(m.keywords) && internalDate.equals(m.internalDate) && contentHash.equals(m.contentHash)
                && envelope().equals(m.envelope()) && bodyStructure().equals(m.bodyStructure());
    }

    @Override
    public int hashCode() {
        return Objects.hash(uid, modSeq, contentHash);
    }

    @Override
    public String toString() {
        return "MessageMetadata[uid=" + uid + ", modSeq=" + modSeq + ", flags=" + flags + ", keywords=" + keywords
                + ", internalDate=" + internalDate + ", size=" + size + ", contentHash=" + contentHash + "]";
    }
}

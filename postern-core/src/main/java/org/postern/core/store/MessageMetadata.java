package org.postern.core.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the store knows of a message without reading its bytes: UID (RFC 3501 section
 * 2.3.1.1), flags and mod-sequence (RFC 7162), INTERNALDATE (section 2.3.3), RFC822.SIZE
 * (section 2.3.4), the ENVELOPE and BODYSTRUCTURE parsed at append, and the content's
 * SHA-256 (hex) under which its bytes are kept once, and its header block.
 *
 * <p>The ENVELOPE's stored form ({@link #storedEnvelope()}) is what a cache of things derived
 * from the ENVELOPE is keyed by, not the content hash: the same content may have been parsed
 * by another version of the parser when its row was stored again.
 *
 * <p>The ENVELOPE, BODYSTRUCTURE and header block are given as suppliers, called at most once on first
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
    private final byte[] storedEnvelope;
    private Supplier<Envelope> envelopeSource;
    private Envelope envelope;
    private Supplier<BodyStructure> bodyStructureSource;
    private BodyStructure bodyStructure;
    private Supplier<byte[]> headerBlockSource;
    private byte[] headerBlock;

    /**
     * The ENVELOPE, BODYSTRUCTURE and header block given when first asked for; the ENVELOPE
     * decoded from {@code storedEnvelope}.
     */
    public MessageMetadata(long uid, long modSeq, Set<Flag> flags, Set<String> keywords, Instant internalDate, long size,
                           String contentHash, byte[] storedEnvelope, Supplier<Envelope> envelope,
                           Supplier<BodyStructure> bodyStructure, Supplier<byte[]> headerBlock) {
        this.uid = uid;
        this.modSeq = modSeq;
        this.flags = Set.copyOf(flags);
        this.keywords = Set.copyOf(keywords);
        this.internalDate = Objects.requireNonNull(internalDate, "internalDate");
        this.size = size;
        this.contentHash = Objects.requireNonNull(contentHash, "contentHash");
        this.storedEnvelope = Objects.requireNonNull(storedEnvelope, "storedEnvelope");
        this.envelopeSource = Objects.requireNonNull(envelope, "envelope");
        this.bodyStructureSource = Objects.requireNonNull(bodyStructure, "bodyStructure");
        this.headerBlockSource = Objects.requireNonNull(headerBlock, "headerBlock");
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

    /**
     * The ENVELOPE as the store keeps it: opaque octets, equal for two messages only if their
     * ENVELOPEs are equal, so what is derived from the ENVELOPE alone (its rendering) can be kept
     * under them. Shared, not copied: not to be changed.
     */
    public byte[] storedEnvelope() {
        return storedEnvelope;
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

    /**
     * The header block (RFC 5322 section 2.1, {@link HeaderBlock}) as kept at append: what
     * SEARCH of header fields and FETCH of BODY[HEADER…] read without opening the content.
     * Shared, not copied: not to be changed.
     */
    public byte[] headerBlock() {
        if (headerBlock == null) {
            headerBlock = Objects.requireNonNull(headerBlockSource.get(), "headerBlock");
            headerBlockSource = null;
        }
        return headerBlock;
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

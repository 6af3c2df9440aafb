package org.postern.core.store;

/**
 * Where an appended message landed: the APPENDUID of RFC 4315 section 3 (UIDVALIDITY and
 * UID), its mod-sequence, its RFC 822 size, and whether this was a replay of an earlier
 * delivery with the same {@link DeliveryKey} (then nothing new was stored).
 */
public record AppendResult(FolderId folder, long uidValidity, long uid, long modSeq, long size, boolean replayed) {
}

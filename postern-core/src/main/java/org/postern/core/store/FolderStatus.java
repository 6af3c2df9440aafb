package org.postern.core.store;

/**
 * The counters of RFC 3501 section 6.3.10 (STATUS) and RFC 7162 section 3.1.2.1
 * (HIGHESTMODSEQ) for one folder, read in one consistent snapshot.
 *
 * @param messages number of messages
 * @param unseen number of messages without {@code \Seen}
 * @param uidNext the UID the next message will get
 * @param uidValidity the folder's UIDVALIDITY
 * @param highestModSeq the highest mod-sequence of any change in the folder, its creation included (always positive)
 * @param size the sum of the messages' RFC 822 sizes (RFC 8438 STATUS SIZE)
 * @param recent number of messages no session has claimed as {@code \Recent} yet (RFC 3501 section 2.3.2)
 * @param deleted number of messages with {@code \Deleted} (RFC 9051 section 6.3.11 STATUS DELETED)
 */
public record FolderStatus(long messages, long unseen, long uidNext, long uidValidity, long highestModSeq, long size,
                           long recent, long deleted) {
}

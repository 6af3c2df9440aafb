package org.postern.core.store;

import java.util.Objects;
import java.util.Set;

/**
 * What SELECT and EXAMINE (RFC 3501 section 6.3.1) tell of a folder, without each message's
 * flags: the UIDs in ascending order (message sequence number n is {@code uids[n - 1]}), the
 * first message without {@code \Seen} (for UNSEEN), the keywords in use (for FLAGS and
 * PERMANENTFLAGS), UIDNEXT and HIGHESTMODSEQ (RFC 7162 section 3.1.2.1), and the {@code \Recent}
 * mark from which the session claims.
 *
 * @param uids the UIDs, ascending; not copied, and possibly shared with other takers of the same
 *             folder's snapshot (the store keeps the last ones): never changed
 * @param firstUnseenUid the lowest UID without {@code \Seen}, or 0 when every message is seen
 * @param keywords the keywords set on any message of the folder
 * @param uidNext the UID the next message will get
 * @param highestModSeq the folder's highest mod-sequence when the snapshot began
 * @param recentMark the folder's {@code \Recent} mark ({@link MailboxStore#recentMark}) when the snapshot began
 */
public record FolderSnapshot(long[] uids, long firstUnseenUid, Set<String> keywords, long uidNext, long highestModSeq,
                             long recentMark) {

    public FolderSnapshot {
        Objects.requireNonNull(uids, "uids");
        keywords = Set.copyOf(keywords);
    }
}

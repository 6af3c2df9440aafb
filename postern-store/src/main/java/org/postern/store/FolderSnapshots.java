package org.postern.store;

import java.util.Set;
import org.postern.core.cache.WeighedLru;

/**
 * The last snapshots taken of a few folders, for a SELECT of a folder that has not changed
 * since (docs/adr/0021-store-calls-and-carriers.md). A kept UID list is reused only when the
 * folder's row and message count, read from the database in one statement, still match the
 * {@link Key} it was taken under: UIDs only grow, so an append moves UIDNEXT and an expunge
 * alone lowers the count, and a folder made anew has another UIDVALIDITY — the store never
 * gives one twice, in any mailbox ({@link Folders}), so a key never matches another folder,
 * even one on a row id SQLite took back from a deleted folder, and whichever process deleted
 * it: the key alone is enough, nothing needs dropping when folders go. The first unseen
 * message and the keywords depend on flags too, and are reused only while HIGHESTMODSEQ (which
 * every flag change and expunge moves) is also the same. Nothing here is told of changes, so
 * several processes on one database stay right.
 *
 * <p>Bounded by the number of UIDs kept (each list one {@code long[]} shared by every session
 * that selected the folder) and by the number of folders; the least recently used goes first.
 */
final class FolderSnapshots {

    /** What identifies a folder's UID list: its id, UIDVALIDITY, UIDNEXT and message count. */
    record Key(long folderId, long uidValidity, long uidNext, long count) {
    }

    /**
     * One kept snapshot.
     *
     * @param uids the UIDs, ascending; shared, never changed
     * @param highestModSeq the HIGHESTMODSEQ under which {@code firstUnseenUid} and {@code keywords} were read
     */
    record Kept(Key key, long[] uids, long highestModSeq, long firstUnseenUid, Set<String> keywords) {
    }

    private final WeighedLru<Long, Kept> byFolder;

    FolderSnapshots(int maxFolders, long maxUids) {
        this.byFolder = new WeighedLru<>(maxFolders, maxUids, kept -> kept.uids().length);
    }

    /** The snapshot kept for the key's folder if it was taken under that same key. */
    Kept find(Key key) {
        Kept kept = byFolder.get(key.folderId());
        return kept != null && kept.key().equals(key) ? kept : null;
    }

    /** Keeps a snapshot (replacing the folder's last one), then drops the least recently used past the bounds. */
    void keep(Kept kept) {
        byFolder.put(kept.key().folderId(), kept);
    }

    int size() {
        return byFolder.size();
    }
}

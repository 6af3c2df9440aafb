package org.postern.core.store;

import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.postern.core.address.EmailAddress;

/**
 * The mailbox store: one mailbox per owner, folders in a hierarchy, messages with UIDs,
 * flags, keywords and mod-sequences, and the change log that CONDSTORE/QRESYNC (RFC 7162)
 * and ActiveSync synchronization read. Signatures are blocking and protocol-neutral; every
 * failure a caller can act on is a {@link StoreException} with a {@link StoreError}.
 *
 * <p>Rules every implementation keeps:
 * <ul>
 * <li>UIDs in a folder strictly increase and are never reused, also after expunge
 *     (RFC 3501 section 2.3.1.1); UIDVALIDITY of a folder name never repeats.
 * <li>Each mailbox has one mod-sequence counter; each change (a transaction: an append, a
 *     flag change, an expunge, a copy) takes its next value for every message it touches, and
 *     a folder's HIGHESTMODSEQ is the highest value of a change in it (RFC 7162 section 3.1.1).
 * <li>An append is atomic: after a crash the message is fully there or absent.
 * <li>Message bytes are kept once however many folders and mailboxes hold them.
 * <li>Many threads may call any method at once.
 * </ul>
 */
public interface MailboxStore {

    // --- mailboxes ---

    /** Creates the owner's mailbox with the {@link SpecialUse} folders; {@link StoreError#ALREADY_EXISTS} if it has one. */
    List<Folder> createMailbox(EmailAddress owner);

    boolean hasMailbox(EmailAddress owner);

    /**
     * The owner's Inbox, in one look-up when the mailbox exists; an owner the directory knows but
     * the store does not yet (added by an external directory, say, or before its first mail)
     * gets its mailbox now. Safe when two callers race to make it.
     */
    default Folder inbox(EmailAddress owner) {
        Optional<Folder> inbox = findFolder(owner, SpecialUse.INBOX);
        if (inbox.isPresent()) {
            return inbox.get();
        }
        try {
            createMailbox(owner);
        } catch (StoreException e) {
            if (e.error() != StoreError.ALREADY_EXISTS) {
                throw e;
            }
        }
        return findFolder(owner, SpecialUse.INBOX)
                .orElseThrow(() -> new StoreException(StoreError.TEMPORARY, "no Inbox for " + owner));
    }

    /** Deletes the mailbox, its folders and messages (their bytes go at the next garbage collection). */
    void deleteMailbox(EmailAddress owner);

    // --- quota (RFC 9208: the STORAGE resource of the mailbox's one quota root) ---

    /**
     * The owner's storage usage and limit; an owner without a mailbox uses nothing and has the
     * server's default limit, or its own if one was set.
     */
    StorageQuota storageQuota(EmailAddress owner);

    /**
     * Sets the owner's own storage limit (or returns it to the server's default), making the
     * owner's mailbox if it has none. A lower limit than the usage refuses new messages; it
     * removes none.
     */
    void setStorageLimit(EmailAddress owner, StorageLimit limit);

    // --- folders (RFC 3501 sections 6.3.3 to 6.3.9) ---

    /** Every folder of the owner's mailbox, ordered by name. */
    List<Folder> listFolders(EmailAddress owner);

    /** The owner's folder of that name; empty when there is none, also when the owner has no mailbox at all. */
    Optional<Folder> findFolder(EmailAddress owner, FolderPath path);

    /** The owner's folder of that special use; empty when there is none, also when the owner has no mailbox at all. */
    Optional<Folder> findFolder(EmailAddress owner, SpecialUse use);

    /** Creates a folder and any missing parents; {@link StoreError#ALREADY_EXISTS} if it exists. */
    Folder createFolder(EmailAddress owner, FolderPath path);

    /**
     * Renames a folder and everything below it, keeping UIDs and UIDVALIDITY. Renaming INBOX, or
     * a folder into itself, is {@link StoreError#NOT_ALLOWED}; missing parents of the new name
     * are created.
     */
    Folder renameFolder(EmailAddress owner, FolderPath from, FolderPath to);

    /**
     * Deletes a folder and its messages. Default (special-use) folders and folders with
     * children are {@link StoreError#NOT_ALLOWED}.
     */
    void deleteFolder(EmailAddress owner, FolderPath path);

    /**
     * The folder names the owner subscribed to (RFC 3501 section 6.3.6), which need not exist: a
     * new mailbox's default folders start subscribed, a RENAME moves the subscriptions of the
     * subtree, a DELETE leaves the name subscribed (section 6.3.7).
     */
    java.util.Set<FolderPath> subscriptions(EmailAddress owner);

    /** Adds the name to the owner's subscriptions, or takes it off; either is idempotent. */
    void subscribe(EmailAddress owner, FolderPath path, boolean subscribed);

    /** STATUS counters; {@link StoreError#NOT_FOUND} if the folder is gone. */
    FolderStatus status(FolderId folder);

    /**
     * The folder's {@code \Recent} mark (RFC 3501 section 2.3.2): the lowest UID no read-write
     * session has claimed; the messages from it on are recent to the next session that claims
     * them. A read-only session (EXAMINE) reads it and claims nothing.
     */
    long recentMark(FolderId folder);

    /**
     * Claims for one session the folder's unclaimed UIDs below {@code below}, atomically with
     * every other session of any process: returns the mark before the claim, so the session's
     * recent UIDs are {@code [returned, below)}, none when the returned value is not below
     * {@code below}. Writes only when there is something to claim.
     */
    long claimRecent(FolderId folder, long below);

    // --- messages ---

    /**
     * Stores a message at the end of a folder and gives it the next UID. With a delivery key
     * already seen in this mailbox, returns the first result ({@code replayed}) and stores
     * nothing. {@link StoreError#TOO_BIG} above the store's size limit, {@link StoreError#NO_QUOTA}
     * when it would take the mailbox past its storage limit ({@link #storageQuota}); then nothing
     * is stored.
     */
    AppendResult append(FolderId folder, AppendRequest request);

    /**
     * Final delivery: {@link #append} into the owner's Inbox, which the store finds (and the
     * mailbox it makes, as {@link #inbox} would) inside the append's own transaction, so a
     * mailbox deleted and made again meanwhile, by this process or another, gets the message in
     * its new Inbox, and a delivery asks nothing before it.
     */
    default AppendResult appendToInbox(EmailAddress owner, AppendRequest request) {
        return append(inbox(owner).id(), request);
    }

    /** Metadata of the messages whose UIDs are in the set, in UID order. */
    List<MessageMetadata> fetch(FolderId folder, UidSet uids);

    /**
     * UIDs, flags and mod-sequences only, in UID order: what SELECT, FETCH FLAGS and a
     * synchronization need without the parsed structure.
     */
    List<MessageFlags> fetchFlags(FolderId folder, UidSet uids);

    /**
     * Hands each message of the set (range by range, each in UID order) to {@code visitor} with its flags and its
     * header block ({@link MessageMetadata#headerBlock}) and nothing else: what SEARCH of flags and
     * header fields reads. One read of the store, one message at a time, none kept: no list of a
     * folder's messages, no ENVELOPE or BODYSTRUCTURE read. The visitor runs inside that read and
     * must not call the store; an exception it throws ends the scan and passes through.
     */
    void scanHeaders(FolderId folder, UidSet uids, HeaderVisitor visitor);

    /**
     * The UIDs within {@code uids}, ascending, of the messages with a field named {@code field}
     * whose value holds {@code value} as SEARCH HEADER compares them (RFC 3501 section 6.4.4:
     * values unfolded, trimmed and decoded, case-insensitive substring;
     * {@link org.postern.core.mime.HeaderText}), answered from the store's header-field index
     * without reading header blocks. Empty when the store cannot answer so (a field it does not
     * index, a folder whose index is not filled in yet); the caller then reads the header blocks
     * ({@link #scanHeaders}).
     */
    Optional<long[]> searchHeader(FolderId folder, UidRange uids, String field, String value);

    /** What {@link #scanHeaders} hands each message to. */
    @FunctionalInterface
    interface HeaderVisitor {
        /** One message's flags and header block; the block is the caller's to keep, not to change. */
        void visit(MessageFlags flags, byte[] headerBlock);
    }

    /**
     * The folder as SELECT shows it, by counting and aggregating in the store rather than
     * reading every message's flags; changes after its HIGHESTMODSEQ are seen again by
     * {@link #changesSince}, never missed.
     */
    FolderSnapshot snapshot(FolderId folder);

    /** The message's bytes; {@link StoreError#EXPUNGED} if no message has that UID now. The caller closes the stream. */
    InputStream openContent(FolderId folder, long uid);

    /**
     * The bytes of a message whose metadata the caller read from {@link #fetch}: opened by
     * its content hash, without looking the UID up again (a FETCH or SEARCH over many
     * messages). {@link StoreError#EXPUNGED} if the content is gone meanwhile.
     */
    default InputStream openContent(FolderId folder, MessageMetadata message) {
        return openContent(folder, message.uid());
    }

    /**
     * Changes flags of the messages in the set. With {@code unchangedSince} (RFC 7162
     * section 3.1.3), a message whose mod-sequence is above it is not changed but reported
     * as modified. Every changed message gets one new mod-sequence; a message whose flags
     * would not change keeps its own and is still reported in {@code updated}.
     */
    StoreFlagsResult storeFlags(FolderId folder, UidSet uids, FlagUpdate update, Optional<Long> unchangedSince);

    /**
     * The octets an EXPUNGE of the folder would free: the sizes of its messages flagged
     * {@code \Deleted} (RFC 9208 STATUS DELETED-STORAGE). A sum over the folder, read only when asked.
     */
    long deletedOctets(FolderId folder);

    /** Removes exactly the messages in the set that exist (UID EXPUNGE, RFC 4315); returns their UIDs in order. */
    List<Long> expunge(FolderId folder, UidSet uids);

    /**
     * Copies messages to another folder of the same mailbox, with new UIDs there (RFC 4315
     * COPYUID); {@link StoreError#NO_QUOTA}, copying nothing, when the copies would take the
     * mailbox past its storage limit.
     */
    CopyResult copy(FolderId from, UidSet uids, FolderId to);

    /**
     * Moves messages (RFC 6851): a copy and an expunge of the sources, in one transaction. The
     * mailbox's usage does not change (one quota root), so a move is never over quota.
     */
    CopyResult move(FolderId from, UidSet uids, FolderId to);

    /** Changes after {@code modSeq} (0 for everything still there), for CONDSTORE/QRESYNC and ActiveSync sync. */
    Changes changesSince(FolderId folder, long modSeq);

    // --- change notification (in-process) ---

    /** A listener's registration; closing it stops the calls. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Calls {@code listener} after each committed change to the folder made through this store
     * object (an append, a flag change, an expunge, a copy or move into or out of it), on the
     * thread that made the change: the listener only signals, never blocks or calls the store.
     * Changes made by another process are not seen; a reader that must see them also polls
     * {@link #status(FolderId)} now and then. The default implementation never calls.
     */
    default Watch watch(FolderId folder, Runnable listener) {
        return () -> { };
    }
}

package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postern.core.store.Flag;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderSnapshot;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.protocols.imap.ImapResponseWriter;
import org.postern.protocols.imap.SequenceSet;

/**
 * The session's view of its selected folder (RFC 3501 section 2.3.1.2): the UIDs in message
 * sequence number order, each message's flags and mod-sequence as last told to the client,
 * and the folder's mod-sequence up to which changes were looked at. {@link #refresh} asks the
 * store for the changes since then ({@link MailboxStore#changesSince}) and tells the client
 * (EXISTS, EXPUNGE or VANISHED, FETCH FLAGS), holding expunges back while a command by sequence
 * number runs (section 7.4.1). The store's notifier ({@link MailboxStore#watch}) marks the view
 * stale, which wakes an IDLE at once. A read-write selection claims the messages no session has
 * claimed as {@code \Recent} (RFC 3501 section 2.3.2), at SELECT and as new ones arrive; a
 * read-only one shows the unclaimed ones as recent and claims nothing ({@link RecentUids}).
 *
 * <p>Used by one session thread at a time (IDLE hands it to its watcher and takes it back).
 */
final class SelectedFolder implements AutoCloseable {

    private final MailboxStore store;
    private final Folder folder;
    private final String name;
    private final boolean readOnly;
    /**
     * The UIDs in sequence number order (ascending) in {@code uids[0..count)}, each one's flags
     * as last told beside it (null while the session has not learnt them: SELECT reads none).
     */
    private long[] uids = new long[0];
    /** True while {@link #uids} is the snapshot's array, shared with other sessions: copied before a change. */
    private boolean uidsShared;
    /** Null until a message's flags are learnt (an idle session of a large folder holds no array of its size). */
    private MessageFlags[] flags;
    private int count;
    private final Set<Long> pendingExpunge = new LinkedHashSet<>();
    private final Set<String> keywords = new TreeSet<>();
    private final Semaphore changed = new Semaphore(0);
    private final MailboxStore.Watch watch;
    private long modSeq;
    private long uidNext;
    /** The UIDs this selection claimed as recent; {@link #recent} adds the unclaimed ones when read-only. */
    private RecentUids claims;
    private RecentUids recent;
    /** False for an IMAP4rev2 session, which has no RECENT response (RFC 9051 appendix E). */
    private boolean reportsRecent = true;
    private boolean imap4rev2;
    private long firstUnseenUid;

    private SelectedFolder(MailboxStore store, Folder folder, String name, boolean readOnly) {
        this.store = store;
        this.folder = folder;
        this.name = name;
        this.readOnly = readOnly;
        this.watch = store.watch(folder.id(), this::signal);
    }

    /**
     * Takes the snapshot ({@link MailboxStore#snapshot}): the UIDs, without each message's
     * flags (those are learnt as commands and changes tell them); then claims the unclaimed
     * recent messages of the snapshot into the session's {@code claims} for the folder
     * (read-write), or only looks at them (read-only).
     */
    static SelectedFolder open(MailboxStore store, Folder folder, String name, boolean readOnly, RecentUids claims) {
        SelectedFolder f = new SelectedFolder(store, folder, name, readOnly);
        try {
            FolderSnapshot snapshot = store.snapshot(folder.id());
            f.modSeq = snapshot.highestModSeq();
            f.uidNext = snapshot.uidNext();
            f.uids = snapshot.uids();
            f.uidsShared = true;
            f.count = f.uids.length;
            f.firstUnseenUid = snapshot.firstUnseenUid();
            f.keywords.addAll(snapshot.keywords());
            f.claims = claims;
            if (readOnly) {
                f.recent = claims.withUnclaimedFrom(snapshot.recentMark());
            } else {
                if (snapshot.recentMark() < f.uidNext) { // else nothing to claim: no query at all
                    claims.add(store.claimRecent(folder.id(), f.uidNext), f.uidNext);
                }
                f.recent = claims;
            }
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private void signal() {
        if (changed.availablePermits() == 0) {
            changed.release();
        }
    }

    /** Waits until the store says the folder changed, or the time is up; true if it changed. */
    boolean awaitChange(long millis) throws InterruptedException {
        boolean got = changed.tryAcquire(millis, TimeUnit.MILLISECONDS);
        changed.drainPermits();
        return got;
    }

    /** Wakes a waiter without a change (IDLE ends). */
    void wake() {
        changed.release();
    }

    Folder folder() {
        return folder;
    }

    /** The name the client selected it by. */
    String name() {
        return name;
    }

    boolean readOnly() {
        return readOnly;
    }

    int exists() {
        return count;
    }

    long uidNext() {
        return uidNext;
    }

    long modSeq() {
        return modSeq;
    }

    /** The UIDs this selection claimed as recent, for a re-SELECT of the same folder. */
    RecentUids recentClaims() {
        return claims;
    }

    /** The number of messages recent in this session (the RECENT response, RFC 3501 section 7.3.2). */
    int recent() {
        return recent.count(uids, count);
    }

    boolean isRecent(long uid) {
        return reportsRecent && recent.contains(uid);
    }

    long uidAt(int msn) {
        if (msn < 1 || msn > count) {
            throw new IndexOutOfBoundsException("no message " + msn);
        }
        return uids[msn - 1];
    }

    /** The message sequence number of a UID, or 0 when the session does not know it. */
    int msnOf(long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i < 0 ? 0 : i + 1;
    }

    /** The sequence number of the first message without {@code \Seen} when the folder was selected, or 0 (UNSEEN). */
    int firstUnseen() {
        return firstUnseenUid == 0 ? 0 : msnOf(firstUnseenUid);
    }

    private long lastUid() {
        return uids[count - 1];
    }

    private void add(MessageFlags m) {
        if (count == uids.length) {
            int grown = Math.max(16, count + (count >> 1));
            uids = Arrays.copyOf(uids, grown);
            uidsShared = false;
            flags = Arrays.copyOf(flags(), grown);
        } else {
            ownUids();
        }
        uids[count] = m.uid();
        flags()[count++] = m;
    }

    /** The flags as last told, as long as {@link #uids}: made on first use. */
    private MessageFlags[] flags() {
        if (flags == null) {
            flags = new MessageFlags[uids.length];
        }
        return flags;
    }

    /** Makes {@link #uids} this session's own before it changes it. */
    private void ownUids() {
        if (uidsShared) {
            uids = uids.clone();
            uidsShared = false;
        }
    }

    /** The keywords seen in the folder, for FLAGS. */
    Set<String> keywords() {
        return keywords;
    }

    boolean isExpungedPending(long uid) {
        return pendingExpunge.contains(uid);
    }

    /**
     * Tells the client the folder's defined flags again (FLAGS, RFC 3501 section 7.2.6) when
     * {@code seen} holds a keyword the session has not announced yet.
     */
    void announceKeywords(Set<String> seen, ImapResponseWriter out) throws IOException {
        if (!keywords.containsAll(seen)) {
            keywords.addAll(seen);
            announceFlags(out);
        }
    }

    /**
     * FLAGS, and for a read-write selection PERMANENTFLAGS (section 7.1), which lists the
     * keywords too: both change when a keyword is first used.
     */
    private void announceFlags(ImapResponseWriter out) throws IOException {
        out.untagged("FLAGS " + definedFlags());
        if (!readOnly) {
            out.untagged("OK [PERMANENTFLAGS " + permanentFlags() + "] Flags permitted");
        }
    }

    /** The PERMANENTFLAGS list: {@code ()} when read-only, else the system flags, the keywords and {@code \*}. */
    String permanentFlags() {
        if (readOnly) {
            return "()";
        }
        List<String> all = new ArrayList<>();
        for (Flag f : SYSTEM_FLAGS) {
            all.add(f.imapName());
        }
        all.addAll(keywords);
        all.add("\\*");
        return "(" + String.join(" ", all) + ")";
    }

    /** Notes a message's flags as the client was told them. */
    void update(MessageFlags m) {
        int msn = msnOf(m.uid());
        if (msn > 0) {
            flags()[msn - 1] = m;
            keywords.addAll(m.keywords());
        }
    }

    /**
     * The messages a sequence set names, as UIDs in ascending order: by sequence number
     * ({@code *} the last message) or, with {@code uid}, by UID ({@code *} the highest UID;
     * RFC 3501 section 6.4.8: a range n:* always takes the last message).
     */
    List<Long> resolve(SequenceSet set, boolean uid, List<Long> saved) {
        if (set.lastResult()) {
            List<Long> out = new ArrayList<>();
            for (long u : saved) {
                if (msnOf(u) > 0) {
                    out.add(u);
                }
            }
            return out;
        }
        if (count == 0) {
            return List.of();
        }
        TreeSet<Long> out = new TreeSet<>();
        if (uid) {
            long max = lastUid();
            for (long[] r : set.resolve(max)) {
                int from = Arrays.binarySearch(uids, 0, count, r[0]);
                from = from < 0 ? -from - 1 : from;
                for (int i = from; i < count && uids[i] <= r[1]; i++) {
                    out.add(uids[i]);
                }
            }
        } else {
            long max = count;
            for (long[] r : set.resolve(max)) {
                for (long n = r[0]; n <= Math.min(r[1], max); n++) {
                    out.add(uids[(int) n - 1]);
                }
            }
        }
        return new ArrayList<>(out);
    }

    /** True when a sequence set by number names a message past the end (a BAD per RFC 3501 9). */
    boolean outOfRange(SequenceSet set) {
        if (set.lastResult()) {
            return false;
        }
        for (SequenceSet.Range r : set.ranges()) {
            if ((r.from() != SequenceSet.STAR && r.from() > count) || (r.to() != SequenceSet.STAR && r.to() > count)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Removes messages this session expunged itself; writes EXPUNGE (highest first) or VANISHED,
     * and RECENT when recent messages went (section 7.3.2: the mailbox's size changed).
     */
    void expunged(List<Long> removed, ImapResponseWriter out, boolean qresync) throws IOException {
        if (removed.isEmpty()) {
            return;
        }
        int recentBefore = recent();
        expunge(removed, out, qresync);
        int recentAfter = recent();
        if (recentAfter != recentBefore && reportsRecent) {
            out.untagged(recentAfter + " RECENT");
        }
    }

    private void expunge(List<Long> removed, ImapResponseWriter out, boolean qresync) throws IOException {
        if (qresync) {
            List<Long> known = new ArrayList<>();
            for (long u : removed) {
                if (msnOf(u) > 0) {
                    known.add(u);
                }
            }
            for (long u : known) {
                remove(u);
            }
            if (!known.isEmpty()) {
                out.untagged("VANISHED " + SequenceSet.compact(known));
            }
            return;
        }
        List<Integer> msns = new ArrayList<>();
        for (long u : removed) {
            int msn = msnOf(u);
            if (msn > 0) {
                msns.add(msn);
            }
        }
        msns.sort(Collections.reverseOrder());
        for (int msn : msns) {
            remove(uids[msn - 1]);
            out.untagged(msn + " EXPUNGE");
        }
    }

    private void remove(long uid) {
        int msn = msnOf(uid);
        if (msn > 0) {
            ownUids();
            MessageFlags[] told = flags();
            System.arraycopy(uids, msn, uids, msn - 1, count - msn);
            System.arraycopy(told, msn, told, msn - 1, count - msn);
            told[--count] = null;
        }
        pendingExpunge.remove(uid);
    }

    /**
     * The session speaks IMAP4rev2 (RFC 9051): no RECENT responses from now on, and a UID in
     * every unsolicited FETCH (section 7.5.2). ENABLE comes
     * before SELECT (it is refused in the selected state), so this holds for the whole selection.
     */
    void imap4rev2() {
        imap4rev2 = true;
        reportsRecent = false;
    }

    /** True when the session has RECENT responses and \Recent (IMAP4rev1). */
    boolean reportsRecent() {
        return reportsRecent;
    }

    /**
     * Tells the client what changed since the last look: expunges (only when
     * {@code allowExpunge}), flag changes of known messages, new messages (EXISTS, RECENT; a
     * read-write session claims them as recent unless another session did first).
     */
    void refresh(ImapResponseWriter out, boolean allowExpunge, boolean condstore, boolean qresync) throws IOException {
        var changes = store.changesSince(folder.id(), modSeq);
        for (long u : changes.expunged()) {
            if (msnOf(u) > 0) {
                pendingExpunge.add(u);
            }
        }
        if (allowExpunge && !pendingExpunge.isEmpty()) {
            expunged(new ArrayList<>(pendingExpunge), out, qresync);
        }
        int before = count;
        long highestKnown = count == 0 ? 0 : lastUid();
        boolean newKeywords = false;
        List<MessageFlags> changed = new ArrayList<>(changes.changed());
        changed.sort(java.util.Comparator.comparingLong(MessageFlags::uid)); // new UIDs in ascending order
        for (MessageFlags m : changed) {
            int msn = msnOf(m.uid());
            if (msn == 0) {
                if (m.uid() > highestKnown && !pendingExpunge.contains(m.uid())) {
                    add(m);
                    highestKnown = m.uid();
                    newKeywords |= keywords.addAll(m.keywords());
                }
                continue;
            }
            MessageFlags old = flags()[msn - 1]; // null: not learnt since SELECT, so told as changed
            flags[msn - 1] = m;
            if (old != null && old.flags().equals(m.flags()) && old.keywords().equals(m.keywords())
                    && (old.modSeq() == m.modSeq() || !condstore)) {
                continue;
            }
            newKeywords |= keywords.addAll(m.keywords());
            if (pendingExpunge.contains(m.uid())) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            sb.append(msn).append(" FETCH (FLAGS ").append(flagList(m));
            if (condstore || imap4rev2) { // RFC 9051 section 7.5.2: an unsolicited FETCH in rev2 carries the UID
                sb.append(" UID ").append(m.uid());
            }
            if (condstore) {
                sb.append(" MODSEQ (").append(m.modSeq()).append(')');
            }
            sb.append(')');
            out.untagged(sb.toString());
        }
        if (newKeywords) {
            announceFlags(out);
        }
        if (count != before) {
            if (!readOnly && count > before) {
                long below = lastUid() + 1;
                recent.add(store.claimRecent(folder.id(), below), below);
            }
            out.untagged(count + " EXISTS");
            if (reportsRecent) {
                out.untagged(recent() + " RECENT");
            }
        }
        if (changes.highestModSeq() > modSeq) {
            modSeq = changes.highestModSeq();
        }
        if (count > 0 && lastUid() >= uidNext) {
            uidNext = lastUid() + 1;
        }
    }

    /** RFC 3501 section 2.3.2: the flag the session, not the store, keeps. */
    static final String RECENT = "\\Recent";

    /** The system flags in the order they are listed: alphabetical, as most servers list them. */
    static final List<Flag> SYSTEM_FLAGS = java.util.Arrays.stream(Flag.values())
            .sorted(java.util.Comparator.comparing(Flag::imapName)).toList();

    /** {@code (\Answered \Deleted … keywords)}: the FLAGS response. */
    String definedFlags() {
        List<String> all = new ArrayList<>();
        for (Flag f : SYSTEM_FLAGS) {
            all.add(f.imapName());
        }
        all.addAll(keywords);
        return "(" + String.join(" ", all) + ")";
    }

    /** A message's flags as this session sees them, {@code \Recent} included. */
    String flagList(MessageFlags m) {
        return flagList(m, isRecent(m.uid()));
    }

    /** A message's flags as a flag list, the system flags and {@code \Recent} in alphabetical order. */
    static String flagList(MessageFlags m, boolean recent) {
        List<String> names = new ArrayList<>();
        for (Flag f : SYSTEM_FLAGS) {
            if (m.flags().contains(f)) {
                names.add(f.imapName());
            }
        }
        if (recent) {
            names.add(RECENT);
            names.sort(null); // system flags only so far, all of the form \Name
        }
        names.addAll(new TreeSet<>(m.keywords()));
        return "(" + String.join(" ", names) + ")";
    }

    @Override
    public void close() {
        watch.close();
    }
}

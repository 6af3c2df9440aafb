package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.postern.core.store.Flag;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderStatus;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.ImapResponseWriter;
import org.postern.protocols.imap.SequenceSet;

/**
 * The session's view of its selected folder (RFC 3501 section 2.3.1.2): the UIDs in message
 * sequence number order, each message's flags and mod-sequence as last told to the client,
 * and the folder's mod-sequence up to which changes were looked at. {@link #refresh} asks the
 * store for the changes since then ({@link MailboxStore#changesSince}) and tells the client
 * (EXISTS, EXPUNGE or VANISHED, FETCH FLAGS), holding expunges back while a command by sequence
 * number runs (section 7.4.1). The store's notifier ({@link MailboxStore#watch}) marks the view
 * stale, which wakes an IDLE at once.
 *
 * <p>Used by one session thread at a time (IDLE hands it to its watcher and takes it back).
 */
final class SelectedFolder implements AutoCloseable {

    private final MailboxStore store;
    private final Folder folder;
    private final String name;
    private final boolean readOnly;
    private final List<Long> uids = new ArrayList<>();
    private final Map<Long, MessageFlags> flags = new HashMap<>();
    private final Set<Long> pendingExpunge = new LinkedHashSet<>();
    private final Set<String> keywords = new TreeSet<>();
    private final Semaphore changed = new Semaphore(0);
    private final MailboxStore.Watch watch;
    private long modSeq;
    private long uidNext;

    private SelectedFolder(MailboxStore store, Folder folder, String name, boolean readOnly) {
        this.store = store;
        this.folder = folder;
        this.name = name;
        this.readOnly = readOnly;
        this.watch = store.watch(folder.id(), this::signal);
    }

    /** Takes the snapshot: status first, then the flags, so later changes are seen again, not missed. */
    static SelectedFolder open(MailboxStore store, Folder folder, String name, boolean readOnly) {
        SelectedFolder f = new SelectedFolder(store, folder, name, readOnly);
        try {
            FolderStatus status = store.status(folder.id());
            f.modSeq = status.highestModSeq();
            f.uidNext = status.uidNext();
            for (MessageFlags m : store.fetchFlags(folder.id(), UidSet.all())) {
                f.uids.add(m.uid());
                f.flags.put(m.uid(), m);
                f.keywords.addAll(m.keywords());
            }
            Collections.sort(f.uids);
            if (!f.uids.isEmpty() && f.uids.getLast() >= f.uidNext) {
                f.uidNext = f.uids.getLast() + 1; // appended between the two reads
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
        return uids.size();
    }

    long uidNext() {
        return uidNext;
    }

    long modSeq() {
        return modSeq;
    }

    List<Long> uids() {
        return Collections.unmodifiableList(uids);
    }

    long uidAt(int msn) {
        return uids.get(msn - 1);
    }

    /** The message sequence number of a UID, or 0 when the session does not know it. */
    int msnOf(long uid) {
        int i = Collections.binarySearch(uids, uid);
        return i < 0 ? 0 : i + 1;
    }

    MessageFlags flags(long uid) {
        return flags.get(uid);
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
            out.untagged("FLAGS " + definedFlags());
        }
    }

    /** Notes a message's flags as the client was told them. */
    void update(MessageFlags m) {
        if (flags.containsKey(m.uid())) {
            flags.put(m.uid(), m);
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
        if (uids.isEmpty()) {
            return List.of();
        }
        TreeSet<Long> out = new TreeSet<>();
        if (uid) {
            long max = uids.getLast();
            for (long[] r : set.resolve(max)) {
                int from = Collections.binarySearch(uids, r[0]);
                from = from < 0 ? -from - 1 : from;
                for (int i = from; i < uids.size() && uids.get(i) <= r[1]; i++) {
                    out.add(uids.get(i));
                }
            }
        } else {
            long max = uids.size();
            for (long[] r : set.resolve(max)) {
                for (long n = r[0]; n <= Math.min(r[1], max); n++) {
                    out.add(uids.get((int) n - 1));
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
            if ((r.from() != SequenceSet.STAR && r.from() > uids.size()) || (r.to() != SequenceSet.STAR && r.to() > uids.size())) {
                return true;
            }
        }
        return false;
    }

    /** Removes messages this session expunged itself; writes EXPUNGE (highest first) or VANISHED. */
    void expunged(List<Long> removed, ImapResponseWriter out, boolean qresync) throws IOException {
        if (removed.isEmpty()) {
            return;
        }
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
            remove(uids.get(msn - 1));
            out.untagged(msn + " EXPUNGE");
        }
    }

    private void remove(long uid) {
        int msn = msnOf(uid);
        if (msn > 0) {
            uids.remove(msn - 1);
            flags.remove(uid);
        }
        pendingExpunge.remove(uid);
    }

    /**
     * Tells the client what changed since the last look: expunges (only when
     * {@code allowExpunge}), flag changes of known messages, new messages (EXISTS, RECENT 0).
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
        int before = uids.size();
        long highestKnown = uids.isEmpty() ? 0 : uids.getLast();
        boolean newKeywords = false;
        List<MessageFlags> changed = new ArrayList<>(changes.changed());
        changed.sort(java.util.Comparator.comparingLong(MessageFlags::uid)); // new UIDs in ascending order
        for (MessageFlags m : changed) {
            MessageFlags old = flags.get(m.uid());
            if (old == null) {
                if (m.uid() > highestKnown && !pendingExpunge.contains(m.uid())) {
                    uids.add(m.uid());
                    flags.put(m.uid(), m);
                    highestKnown = m.uid();
                    newKeywords |= keywords.addAll(m.keywords());
                }
                continue;
            }
            if (old.flags().equals(m.flags()) && old.keywords().equals(m.keywords()) && (old.modSeq() == m.modSeq() || !condstore)) {
                flags.put(m.uid(), m);
                continue;
            }
            flags.put(m.uid(), m);
            newKeywords |= keywords.addAll(m.keywords());
            if (pendingExpunge.contains(m.uid())) {
                continue;
            }
            StringBuilder sb = new StringBuilder();
            sb.append(msnOf(m.uid())).append(" FETCH (FLAGS ").append(flagList(m));
            if (condstore) {
                sb.append(" UID ").append(m.uid()).append(" MODSEQ (").append(m.modSeq()).append(')');
            }
            sb.append(')');
            out.untagged(sb.toString());
        }
        if (newKeywords) {
            out.untagged("FLAGS " + definedFlags());
        }
        if (uids.size() != before) {
            out.untagged(uids.size() + " EXISTS");
            out.untagged("0 RECENT");
        }
        if (changes.highestModSeq() > modSeq) {
            modSeq = changes.highestModSeq();
        }
        if (!uids.isEmpty() && uids.getLast() >= uidNext) {
            uidNext = uids.getLast() + 1;
        }
    }

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

    /** A message's flags as a flag list. */
    static String flagList(MessageFlags m) {
        List<String> names = new ArrayList<>();
        for (Flag f : SYSTEM_FLAGS) {
            if (m.flags().contains(f)) {
                names.add(f.imapName());
            }
        }
        names.addAll(new TreeSet<>(m.keywords()));
        return "(" + String.join(" ", names) + ")";
    }

    @Override
    public void close() {
        watch.close();
    }
}

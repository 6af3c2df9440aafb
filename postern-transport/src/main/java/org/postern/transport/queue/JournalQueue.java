package org.postern.transport.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.transport.queue.JournalRecord.DoneRecord;
import org.postern.transport.queue.JournalRecord.MessageRecord;
import org.postern.transport.queue.JournalRecord.StateRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link TransportQueue} as an append-only journal of segment files
 * ({@code <queue>/segment-<n>.log}, see {@code JournalRecord} for the format) written with
 * group commit by one {@code JournalWriter}, with the live messages' envelopes and states in
 * memory and their content left on disk.
 *
 * <p>Durability (STYLE.md point 11): {@link #enqueue} returns after the MESSAGE record — the
 * content and the envelope together, under one checksum — is fsynced, so the SMTP session's
 * {@code 250} always follows the commit. An update's in-memory state changes before its record
 * is durable (so records and memory keep one order) and the call returns after.
 *
 * <p>Disk use: once a message is done, its segment is deleted when it is the oldest and no
 * live message's content is in it; live messages that keep an old segment alive are copied
 * forward into the current one (compaction) when the journal grows past
 * {@link QueueSettings#compactionFactor()} times the live content. A retired segment is kept
 * as the spare the next segment is made from (see {@code SegmentFiles}). All of this runs on a
 * maintenance thread after each segment is finished, never on the path of an enqueue.
 *
 * <p>One process at a time: the folder is locked ({@code <queue>/lock}) while open.
 */
public final class JournalQueue implements TransportQueue {

    private static final Logger LOG = LoggerFactory.getLogger(JournalQueue.class);
    private static final Duration MAX_WAIT = Duration.ofDays(365);
    private static final Duration ALLOCATION_LIFETIME = Duration.ofHours(1);
    private static final int ALLOCATED_PRUNE_SIZE = 4096;

    private final Path directory;
    private final QueueSettings settings;
    private final QueueIdGenerator ids;
    /** Ids from {@link #newId()} not enqueued yet; those older than an hour are pruned when many gather. */
    private final Set<QueueId> allocated = ConcurrentHashMap.newKeySet();
    private final FileChannel lockFile;
    private final FileLock folderLock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Condition maintenanceWanted = lock.newCondition();
    private final ReentrantLock maintenanceLock = new ReentrantLock();
    private final TreeMap<QueueId, LiveMessage> live;
    private final DueSchedule schedule = new DueSchedule();
    private final SegmentTable segments = new SegmentTable();
    private final OpenReaders readers = new OpenReaders();
    private final JournalWriter writer;
    private final Thread maintenance;
    private boolean maintenanceSignalled;
    private boolean spareWanted;
    private boolean closed;

    private JournalQueue(Path directory, QueueSettings settings, FileChannel lockFile, FileLock folderLock)
            throws IOException {
        this.directory = directory;
        this.settings = settings;
        this.lockFile = lockFile;
        this.folderLock = folderLock;
        SegmentFiles.removeUnfinishedSpare(directory);
        JournalRecovery.Result recovered = JournalRecovery.recover(directory);
        this.ids = new QueueIdGenerator(settings.clock(), recovered.idFloor());
        this.live = recovered.messages();
        for (JournalRecovery.Segment s : recovered.segments()) {
            segments.add(s.number(), s.file(), s.bytes());
        }
        for (LiveMessage m : live.values()) {
            segments.addLive(m.content().segment(), m.content().size());
            schedule.reschedule(m, settings.clock().instant());
        }
        this.writer = new JournalWriter(directory, recovered.nextSegment(), ids::floor, settings, new Segments());
        this.maintenance = Thread.ofPlatform().name("postern-queue-maintenance").daemon().start(this::maintainLoop);
        signalMaintenance();
        LOG.info("Queue {}: {} messages recovered from {} segments", directory, live.size(),
                recovered.segments().size());
    }

    /** Opens (creating if need be) the queue in this folder with the default settings, recovering what it holds. */
    public static JournalQueue open(Path directory) throws IOException {
        return open(directory, QueueSettings.DEFAULT);
    }

    /** Opens (creating if need be) the queue in this folder, recovering what it holds. */
    public static JournalQueue open(Path directory, QueueSettings settings) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Path parent = directory.toAbsolutePath().getParent();
            if (parent != null) {
                SegmentFiles.syncDirectory(parent); // the folder itself must survive a crash
            }
        }
        FileChannel lockFile = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock folderLock;
            try {
                folderLock = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                folderLock = null;
            }
            if (folderLock == null) {
                throw new IOException("the queue in " + directory + " is open in another process");
            }
            return new JournalQueue(directory, settings, lockFile, folderLock);
        } catch (IOException | RuntimeException e) {
            lockFile.close();
            throw e;
        }
    }

    @Override
    public QueueId newId() {
        QueueId id = ids.next();
        if (allocated.size() >= ALLOCATED_PRUNE_SIZE) {
            long expired = (settings.clock().millis() - ALLOCATION_LIFETIME.toMillis()) << QueueId.COUNTER_BITS;
            allocated.removeIf(a -> a.value() < expired);
        }
        allocated.add(id);
        return id;
    }

    @Override
    public QueuedMessage enqueue(QueueId id, Envelope envelope, MessageContent content) throws IOException {
        return enqueue(id, envelope, content, Optional.empty());
    }

    @Override
    public QueuedMessage enqueue(QueueId id, Envelope envelope, MessageContent content, String messageId)
            throws IOException {
        return enqueue(id, envelope, content, Optional.of(messageId));
    }

    private QueuedMessage enqueue(QueueId id, Envelope envelope, MessageContent content, Optional<String> messageId)
            throws IOException {
        checkOpen();
        if (!allocated.remove(id)) {
            throw new IllegalArgumentException("queue id " + id + " was not allocated here, or was already used");
        }
        List<RecipientState> states = pendingStates(envelope);
        await(writer.append(new MessageRecord(id, envelope, states, content), written -> enqueued(id, envelope,
                states, messageId, written)));
        return new QueuedMessage(id, envelope, content.size(), states, messageId);
    }

    /**
     * The report and the reported recipients' states in one REPORT record (see
     * {@code JournalRecord.MessageRecord}): the states change in memory first (so records and
     * memory keep one order, as for {@link #update}), and the call returns when the record is
     * durable.
     */
    @Override
    public QueuedMessage enqueueReport(Envelope envelope, MessageContent content, QueueId reported,
                                       List<RecipientState> settled) throws IOException {
        QueueId id = ids.next();
        List<RecipientState> states = pendingStates(envelope);
        var record = new MessageRecord(id, envelope, states, content,
                Optional.of(new StateRecord(reported, List.copyOf(settled))));
        CompletableFuture<Written> durable;
        lock.lock();
        try {
            checkOpen();
            LiveMessage original = live.get(reported);
            if (original != null) {
                original.apply(settled);
            }
            durable = writer.append(record, written -> enqueued(id, envelope, states, Optional.empty(), written));
        } finally {
            lock.unlock();
        }
        await(durable);
        return new QueuedMessage(id, envelope, content.size(), states, Optional.empty());
    }

    private static List<RecipientState> pendingStates(Envelope envelope) {
        Map<ForwardPath, RecipientState> byAddress = new LinkedHashMap<>();
        for (EnvelopeRecipient r : envelope.recipients()) {
            byAddress.putIfAbsent(r.address(), RecipientState.pending(r));
        }
        return List.copyOf(byAddress.values());
    }

    /** After a MESSAGE or REPORT is durable: the message is live and due. On the writer thread. */
    private void enqueued(QueueId id, Envelope envelope, List<RecipientState> states, Optional<String> messageId,
                          Written written) {
        LiveMessage m = new LiveMessage(id, envelope, written.content(), states, messageId);
        lock.lock();
        try {
            live.put(id, m);
            segments.addLive(written.segment(), written.contentLength());
            schedule.reschedule(m, settings.clock().instant());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<QueuedMessage> update(QueueId id, List<RecipientState> changes) throws IOException {
        return update(id, changes, true);
    }

    @Override
    public void updateLater(QueueId id, List<RecipientState> changes) throws IOException {
        update(id, changes, false);
    }

    private Optional<QueuedMessage> update(QueueId id, List<RecipientState> changes, boolean waitForCommit)
            throws IOException {
        CompletableFuture<Written> durable;
        Optional<QueuedMessage> result;
        lock.lock();
        try {
            checkOpen();
            LiveMessage m = live.get(id);
            if (m == null) {
                return Optional.empty();
            }
            m.apply(changes);
            m.setTaken(false);
            if (m.isFinished()) {
                durable = writer.append(new DoneRecord(id, false), null);
                forget(m);
                result = Optional.empty();
            } else {
                durable = writer.append(new StateRecord(id, List.copyOf(changes)), null);
                schedule.reschedule(m, settings.clock().instant());
                result = Optional.of(m.snapshot());
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (waitForCommit) {
            await(durable);
        }
        return result;
    }

    @Override
    public Optional<QueuedMessage> find(QueueId id) {
        lock.lock();
        try {
            return Optional.ofNullable(live.get(id)).map(LiveMessage::snapshot);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<QueuedMessage> list() {
        lock.lock();
        try {
            return live.values().stream().map(LiveMessage::snapshot).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public InputStream openContent(QueueId id) throws IOException {
        lock.lock();
        try {
            LiveMessage m = live.get(id);
            if (m == null) {
                throw new NoSuchElementException("no queued message " + id);
            }
            SegmentContent content = m.content();
            return readers.track(content.segment(), content.open());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<QueuedMessage> takeDue(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + (maxWait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : maxWait).toNanos();
        lock.lock();
        try {
            while (!closed) {
                Optional<DueSchedule.Entry> first = schedule.first();
                Instant now = settings.clock().instant();
                if (first.isPresent() && !first.get().due().isAfter(now)) {
                    LiveMessage m = live.get(first.get().id());
                    m.setTaken(true);
                    schedule.remove(m.id);
                    return Optional.of(m.snapshot());
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return Optional.empty();
                }
                long wait = first.map(e -> Duration.between(now, e.due()).toNanos()).orElse(Long.MAX_VALUE);
                changed.awaitNanos(Math.min(left, Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1))));
            }
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void release(QueueId id) {
        lock.lock();
        try {
            LiveMessage m = live.get(id);
            if (m != null && m.isTaken()) {
                m.setTaken(false);
                schedule.reschedule(m, settings.clock().instant());
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean retryNow(QueueId id) throws IOException {
        CompletableFuture<Written> durable;
        lock.lock();
        try {
            checkOpen();
            LiveMessage m = live.get(id);
            if (m == null) {
                return false;
            }
            Instant now = settings.clock().instant();
            List<RecipientState> changes = m.states().stream()
                    .filter(r -> r.status() == DeliveryStatus.DEFERRED).map(r -> r.dueAt(now)).toList();
            if (changes.isEmpty()) {
                return true;
            }
            m.apply(changes);
            durable = writer.append(new StateRecord(id, changes), null);
            schedule.reschedule(m, settings.clock().instant());
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        await(durable);
        return true;
    }

    @Override
    public boolean remove(QueueId id) throws IOException {
        CompletableFuture<Written> durable;
        lock.lock();
        try {
            checkOpen();
            LiveMessage m = live.get(id);
            if (m == null) {
                return false;
            }
            durable = writer.append(new DoneRecord(id, true), null);
            forget(m);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        await(durable);
        return true;
    }

    @Override
    public int size() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /** The journal's counters since open (records, group commits, fsyncs, bytes, segment files). */
    public JournalStatistics statistics() {
        lock.lock();
        try {
            return writer.statistics(segments.count());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            changed.signalAll();
            maintenanceWanted.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            maintenance.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
        } finally {
            folderLock.release();
            lockFile.close();
        }
    }

    /**
     * Deletes the segments no live message needs and compacts the oldest when the journal has
     * grown too large; runs on the maintenance thread after each finished segment, and in
     * tests on demand.
     */
    void maintainNow() throws IOException {
        maintenanceLock.lock();
        try {
            await(writer.sync());
            deleteUnneededSegments();
            for (int round = 0; round < 1000 && compactOldestSegment(); round++) {
                deleteUnneededSegments();
            }
            if (settings.preallocate() && takeSpareWanted()) {
                SegmentFiles.prepareSpare(directory, settings.segmentBytes());
            }
        } finally {
            maintenanceLock.unlock();
        }
    }

    private boolean takeSpareWanted() {
        lock.lock();
        try {
            boolean wanted = spareWanted;
            spareWanted = false;
            return wanted;
        } finally {
            lock.unlock();
        }
    }

    /** Takes a finished or removed message out of memory. Under the lock. */
    private void forget(LiveMessage m) {
        live.remove(m.id);
        schedule.remove(m.id);
        segments.removeLive(m.content().segment(), m.content().size());
        if (segments.headNumber().filter(h -> h == m.content().segment()).isPresent()) {
            signalMaintenanceLocked();
        }
    }

    private void deleteUnneededSegments() throws IOException {
        while (true) {
            SegmentTable.Segment head;
            boolean reusable;
            lock.lock();
            try {
                head = segments.deletableHead(writer.activeSegment()).orElse(null);
                if (head == null) {
                    return;
                }
                segments.remove(head.number);
                reusable = !readers.any(head.number);
                readers.forget(head.number);
            } finally {
                lock.unlock();
            }
            SegmentFiles.retire(directory, head.file, reusable);
            LOG.debug("Queue segment {} retired", head.number);
        }
    }

    /** Copies the live messages of the oldest segment forward, if the policy says so. */
    private boolean compactOldestSegment() throws IOException {
        List<CompletableFuture<Written>> copies = new ArrayList<>();
        long oldest;
        lock.lock();
        try {
            Optional<SegmentTable.Segment> head = segments.shouldCompact(writer.activeSegment(),
                    writer.activeBytes(), settings.segmentBytes(), settings.compactionFactor());
            if (head.isEmpty()) {
                return false;
            }
            oldest = head.get().number;
            for (LiveMessage m : live.values()) {
                if (m.content().segment() == oldest) {
                    var copy = new MessageRecord(m.id, m.envelope, m.states(), m.content());
                    copies.add(writer.append(copy, written -> relocate(m.id, oldest, written)));
                }
            }
        } finally {
            lock.unlock();
        }
        for (CompletableFuture<Written> c : copies) {
            await(c);
        }
        LOG.debug("Queue segment {}: {} live messages copied forward", oldest, copies.size());
        return true;
    }

    /** After a compaction copy is durable: the message's content now lies in the new segment. */
    private void relocate(QueueId id, long from, Written written) {
        lock.lock();
        try {
            LiveMessage m = live.get(id);
            if (m != null && m.content().segment() == from) {
                segments.removeLive(from, m.content().size());
                m.moveContent(written.content());
                segments.addLive(written.segment(), written.contentLength());
            }
        } finally {
            lock.unlock();
        }
    }

    private void maintainLoop() {
        while (true) {
            lock.lock();
            try {
                while (!maintenanceSignalled && !closed) {
                    maintenanceWanted.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                maintenanceSignalled = false;
            } finally {
                lock.unlock();
            }
            try {
                maintainNow();
            } catch (IOException | RuntimeException e) {
                LOG.warn("Queue maintenance failed; it will be tried again after the next segment", e);
            }
        }
    }

    private void signalMaintenance() {
        lock.lock();
        try {
            signalMaintenanceLocked();
        } finally {
            lock.unlock();
        }
    }

    private void signalMaintenanceLocked() {
        maintenanceSignalled = true;
        maintenanceWanted.signalAll();
    }

    private void checkOpen() throws IOException {
        if (closed) {
            throw new IOException("the queue is closed");
        }
    }

    private static Written await(CompletableFuture<Written> future) throws IOException {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw new IOException("the queue could not store it: " + io.getMessage(), io);
            }
            throw new IOException("the queue could not store it", cause);
        }
    }

    /** Keeps the segment table in step with the writer; called on the writer thread. */
    private final class Segments implements JournalWriter.SegmentListener {
        @Override
        public void segmentStarted(long number, Path file) {
            lock.lock();
            try {
                segments.add(number, file, 0);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void segmentHalfFull(long number) {
            lock.lock();
            try {
                spareWanted = true;
                signalMaintenanceLocked();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void segmentFinished(long number, long bytes) {
            lock.lock();
            try {
                segments.finish(number, bytes);
                signalMaintenanceLocked();
            } finally {
                lock.unlock();
            }
        }
    }
}

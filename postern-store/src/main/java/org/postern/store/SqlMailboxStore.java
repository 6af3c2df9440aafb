package org.postern.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.Changes;
import org.postern.core.store.CopyResult;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderId;
import org.postern.core.store.FolderPath;
import org.postern.core.store.FolderSnapshot;
import org.postern.core.store.FolderStatus;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StorageLimit;
import org.postern.core.store.StorageQuota;
import org.postern.core.store.StoreFlagsResult;
import org.postern.core.store.UidRange;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * The {@link MailboxStore} over SQL metadata ({@link Database}: SQLite or PostgreSQL, one
 * code path, schema {@code db/store/}) and a content-addressed {@link BlobStore}, with
 * contents up to the inline limit kept in the database itself. See
 * docs/adr/0002-mailbox-store.md for the ordering that makes appends atomic and for the
 * per-mailbox mod-sequence, docs/adr/0019-inline-content.md for inline contents.
 */
public final class SqlMailboxStore implements MailboxStore {

    /** The Flyway component name of the store's schema. */
    public static final String COMPONENT = "store";

    private final Database db;
    private final Folders folders;
    private final SubscriptionRows subscriptions;
    private final Appender appender;
    private final MessageReads reads;
    private final MessageWrites writes;
    private final RecentClaims recent;
    private final HeaderIndex headerIndex;
    private final BlobCollector collector;
    private final StoreLimits limits;
    private final FolderWatchers watchers = new FolderWatchers();

    private SqlMailboxStore(Database db, BlobStore blobs, StoreLimits limits) {
        SqlDialect dialect = SqlDialect.of(db.kind());
        this.db = db;
        this.folders = new Folders(db, dialect);
        this.subscriptions = new SubscriptionRows(db);
        this.appender = new Appender(db, dialect, blobs, limits);
        this.reads = new MessageReads(db, blobs);
        this.writes = new MessageWrites(db, limits);
        this.recent = new RecentClaims(db);
        this.headerIndex = new HeaderIndex(db, dialect);
        this.collector = new BlobCollector(db, dialect, blobs);
        this.limits = limits;
    }

    /**
     * Brings the schema up to date (with the header blocks of contents stored before they were
     * kept, and the header-field index of folders filled before it) and opens the store; the
     * blob folder is created if needed.
     */
    public static SqlMailboxStore open(Database db, Path blobFolder, StoreLimits limits) {
        db.migrate(COMPONENT);
        BlobStore blobs = new BlobStore(blobFolder);
        new HeaderBackfill(db, blobs).run();
        new HeaderIndexBackfill(db, blobs).run();
        return new SqlMailboxStore(db, blobs, limits);
    }

    /**
     * Removes the bytes no message references any more and whose files are older than the
     * configured grace period; returns how many blobs went.
     */
    public int collectGarbage() {
        return collectGarbage(Instant.now().minus(limits.garbageGrace()));
    }

    /** As {@link #collectGarbage()}, for files older than the given instant. */
    public int collectGarbage(Instant olderThan) {
        return Sql.guard(() -> collector.collect(olderThan));
    }

    @Override
    public List<Folder> createMailbox(EmailAddress owner) {
        return Sql.guard(() -> folders.createMailbox(owner));
    }

    @Override
    public boolean hasMailbox(EmailAddress owner) {
        return Sql.guard(() -> folders.hasMailbox(owner));
    }

    @Override
    public void deleteMailbox(EmailAddress owner) {
        Sql.guard(() -> {
            folders.deleteMailbox(owner);
            return null;
        });
    }

    @Override
    public StorageQuota storageQuota(EmailAddress owner) {
        return Sql.guard(() -> db.read(c -> MailboxUsage.quota(c, owner, limits.storageLimit())));
    }

    @Override
    public void setStorageLimit(EmailAddress owner, StorageLimit limit) {
        Sql.guard(() -> db.write(c -> {
            Folders.inbox(c, SqlDialect.of(db.kind()), owner); // the mailbox made if the owner has none yet
            long id = MailboxRows.id(c, owner);
            MailboxRows.lock(c, id);
            MailboxUsage.setLimit(c, id, limit);
            return null;
        }));
    }

    @Override
    public List<Folder> listFolders(EmailAddress owner) {
        return Sql.guard(() -> folders.list(owner));
    }

    @Override
    public Optional<Folder> findFolder(EmailAddress owner, FolderPath path) {
        return Sql.guard(() -> folders.find(owner, path));
    }

    @Override
    public Optional<Folder> findFolder(EmailAddress owner, SpecialUse use) {
        return Sql.guard(() -> folders.find(owner, use));
    }

    @Override
    public Folder createFolder(EmailAddress owner, FolderPath path) {
        return Sql.guard(() -> folders.create(owner, path));
    }

    @Override
    public Folder renameFolder(EmailAddress owner, FolderPath from, FolderPath to) {
        return Sql.guard(() -> folders.rename(owner, from, to));
    }

    @Override
    public void deleteFolder(EmailAddress owner, FolderPath path) {
        Optional<Folder> folder = findFolder(owner, path);
        Sql.guard(() -> {
            folders.delete(owner, path);
            return null;
        });
        folder.ifPresent(f -> watchers.changed(f.id())); // a session watching it learns it is gone
    }

    @Override
    public java.util.Set<FolderPath> subscriptions(EmailAddress owner) {
        return Sql.guard(() -> subscriptions.list(owner));
    }

    @Override
    public void subscribe(EmailAddress owner, FolderPath path, boolean subscribed) {
        Sql.guard(() -> {
            subscriptions.set(owner, path, subscribed);
            return null;
        });
    }

    @Override
    public FolderStatus status(FolderId folder) {
        return Sql.guard(() -> reads.status(folder));
    }

    @Override
    public long deletedOctets(FolderId folder) {
        return Sql.guard(() -> reads.deletedOctets(folder));
    }

    @Override
    public long recentMark(FolderId folder) {
        return Sql.guard(() -> recent.mark(folder));
    }

    @Override
    public long claimRecent(FolderId folder, long below) {
        return Sql.guard(() -> recent.claim(folder, below));
    }

    @Override
    public FolderSnapshot snapshot(FolderId folder) {
        return Sql.guard(() -> reads.snapshot(folder));
    }

    @Override
    public AppendResult append(FolderId folder, AppendRequest request) {
        AppendResult result = Sql.guard(() -> appender.append(folder, request));
        if (!result.replayed()) {
            watchers.changed(folder);
        }
        return result;
    }

    @Override
    public AppendResult appendToInbox(EmailAddress owner, AppendRequest request) {
        AppendResult result = Sql.guard(() -> appender.appendToInbox(owner, request));
        if (!result.replayed()) {
            watchers.changed(result.folder());
        }
        return result;
    }

    @Override
    public List<MessageMetadata> fetch(FolderId folder, UidSet uids) {
        return Sql.guard(() -> reads.fetch(folder, uids));
    }

    @Override
    public List<MessageFlags> fetchFlags(FolderId folder, UidSet uids) {
        return Sql.guard(() -> reads.fetchFlags(folder, uids));
    }

    @Override
    public void scanHeaders(FolderId folder, UidSet uids, HeaderVisitor visitor) {
        Sql.guard(() -> {
            reads.scanHeaders(folder, uids, visitor);
            return null;
        });
    }

    @Override
    public Optional<long[]> searchHeader(FolderId folder, UidRange uids, String field, String value) {
        return Sql.guard(() -> headerIndex.search(folder, uids, field, value));
    }

    @Override
    public InputStream openContent(FolderId folder, long uid) {
        return Sql.guard(() -> reads.openContent(folder, uid));
    }

    @Override
    public InputStream openContent(FolderId folder, MessageMetadata message) {
        return Sql.guard(() -> reads.openBlob(message.contentHash(), message.uid()));
    }

    @Override
    public StoreFlagsResult storeFlags(FolderId folder, UidSet uids, FlagUpdate update, Optional<Long> unchangedSince) {
        StoreFlagsResult result = Sql.guard(() -> writes.storeFlags(folder, uids, update, unchangedSince));
        watchers.changed(folder);
        return result;
    }

    @Override
    public List<Long> expunge(FolderId folder, UidSet uids) {
        List<Long> result = Sql.guard(() -> writes.expunge(folder, uids));
        if (!result.isEmpty()) {
            watchers.changed(folder);
        }
        return result;
    }

    @Override
    public CopyResult copy(FolderId from, UidSet uids, FolderId to) {
        CopyResult result = Sql.guard(() -> writes.copy(from, uids, to, false));
        watchers.changed(to);
        return result;
    }

    @Override
    public CopyResult move(FolderId from, UidSet uids, FolderId to) {
        CopyResult result = Sql.guard(() -> writes.copy(from, uids, to, true));
        watchers.changed(from);
        watchers.changed(to);
        return result;
    }

    @Override
    public Watch watch(FolderId folder, Runnable listener) {
        return watchers.watch(folder, listener);
    }

    @Override
    public Changes changesSince(FolderId folder, long modSeq) {
        return Sql.guard(() -> reads.changesSince(folder, modSeq));
    }
}

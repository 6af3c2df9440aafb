package org.postern.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderPath;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;
import org.postern.sql.Database;

/**
 * Mailboxes and their folder tree: CREATE, RENAME, DELETE and LIST of RFC 3501 sections
 * 6.3.3 to 6.3.8, and the default folders of a new mailbox (RFC 6154 special use).
 *
 * <p>Each folder made takes its UIDVALIDITY (RFC 3501 section 2.3.1.1) from one counter of the
 * whole store (migration V9), never from one of its mailbox: no two folders, live or deleted,
 * in any mailbox, ever get the same value, so a name made again (a folder, or a whole mailbox
 * deleted and made again within the same second) always gets a new one, and so does a folder
 * row whose id SQLite gave a deleted one before. A folder keeps its value when renamed.
 */
final class Folders {

    /** The largest UIDVALIDITY: a 32-bit nz-number (RFC 3501 section 9). */
    static final long MAX_UID_VALIDITY = 0xFFFF_FFFFL;

    private final Database db;
    private final SqlDialect dialect;

    Folders(Database db, SqlDialect dialect) {
        this.db = db;
        this.dialect = dialect;
    }

    List<Folder> createMailbox(EmailAddress owner) {
        return db.write(c -> createMailbox(c, dialect, owner));
    }

    /** Makes the owner's mailbox and its default folders in the caller's transaction; {@link StoreError#ALREADY_EXISTS} if it exists. */
    static List<Folder> createMailbox(Connection c, SqlDialect dialect, EmailAddress owner) throws SQLException {
        long mailboxId;
        try (PreparedStatement s = Sql.prepare(c, "INSERT INTO store_mailbox (owner, modseq)"
                + " VALUES (?, 0) ON CONFLICT (owner) DO NOTHING RETURNING id", MailboxRows.key(owner));
             ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new StoreException(StoreError.ALREADY_EXISTS, "mailbox exists for " + owner);
            }
            mailboxId = r.getLong(1);
        }
        List<Folder> folders = new ArrayList<>();
        for (SpecialUse use : SpecialUse.values()) {
            folders.add(insert(c, dialect, mailboxId, FolderPath.of(use.defaultName()), use));
            SubscriptionRows.add(c, mailboxId, FolderPath.of(use.defaultName())); // default folders start subscribed
        }
        return folders;
    }

    /**
     * The owner's Inbox read in the caller's (write) transaction; a mailbox made first when the
     * owner has none, as {@code MailboxStore.inbox} would.
     */
    static FolderRow inbox(Connection c, SqlDialect dialect, EmailAddress owner) throws SQLException {
        Optional<FolderRow> inbox = FolderRow.inboxOf(c, MailboxRows.key(owner));
        if (inbox.isPresent()) {
            return inbox.get();
        }
        try {
            createMailbox(c, dialect, owner);
        } catch (StoreException e) {
            if (e.error() != StoreError.ALREADY_EXISTS) {
                throw e;
            }
        }
        return FolderRow.inboxOf(c, MailboxRows.key(owner))
                .orElseThrow(() -> new StoreException(StoreError.TEMPORARY, "no Inbox for " + owner));
    }

    boolean hasMailbox(EmailAddress owner) {
        return db.read(c -> MailboxRows.find(c, owner).isPresent());
    }

    void deleteMailbox(EmailAddress owner) {
        db.write(c -> {
            long id = MailboxRows.id(c, owner);
            MailboxRows.lock(c, id);
            Sql.update(c, "DELETE FROM store_message WHERE folder_id IN (SELECT id FROM store_folder WHERE mailbox_id = ?)", id);
            return Sql.update(c, "DELETE FROM store_mailbox WHERE id = ?", id);
        });
    }

    List<Folder> list(EmailAddress owner) {
        return db.read(c -> FolderRow.ofMailbox(c, MailboxRows.id(c, owner)).stream()
                .map(FolderRow::toFolder)
                .sorted(Comparator.comparing(f -> f.path().name()))
                .toList());
    }

    /** The owner's folder of that name; empty also when the owner has no mailbox. */
    Optional<Folder> find(EmailAddress owner, FolderPath path) {
        return find(owner, (c, mailboxId) -> FolderRow.byName(c, mailboxId, path));
    }

    /** The owner's folder of that special use; empty also when the owner has no mailbox. */
    Optional<Folder> find(EmailAddress owner, SpecialUse use) {
        return find(owner, (c, mailboxId) -> FolderRow.bySpecialUse(c, mailboxId, use));
    }

    /** How one folder is looked up within a mailbox. */
    private interface Lookup {
        Optional<FolderRow> in(Connection c, long mailboxId) throws SQLException;
    }

    private Optional<Folder> find(EmailAddress owner, Lookup lookup) {
        return db.read(c -> {
            OptionalLong mailboxId = MailboxRows.find(c, owner);
            return mailboxId.isEmpty() ? Optional.<Folder>empty()
                    : lookup.in(c, mailboxId.getAsLong()).map(FolderRow::toFolder);
        });
    }

    Folder create(EmailAddress owner, FolderPath path) {
        return db.write(c -> {
            long mailboxId = MailboxRows.id(c, owner);
            MailboxRows.lock(c, mailboxId);
            if (FolderRow.byName(c, mailboxId, path).isPresent()) {
                throw new StoreException(StoreError.ALREADY_EXISTS, "folder exists: " + path);
            }
            createParents(c, dialect, mailboxId, path);
            return insert(c, dialect, mailboxId, path, null);
        });
    }

    Folder rename(EmailAddress owner, FolderPath from, FolderPath to) {
        return db.write(c -> {
            long mailboxId = MailboxRows.id(c, owner);
            MailboxRows.lock(c, mailboxId);
            FolderRow source = FolderRow.byName(c, mailboxId, from)
                    .orElseThrow(() -> new StoreException(StoreError.NOT_FOUND, "no folder " + from));
            if (source.specialUse() == SpecialUse.INBOX) {
                throw new StoreException(StoreError.NOT_ALLOWED, "the Inbox cannot be renamed");
            }
            if (from.contains(to)) {
                throw new StoreException(StoreError.NOT_ALLOWED, "a folder cannot move into itself");
            }
            if (FolderRow.byName(c, mailboxId, to).isPresent()) {
                throw new StoreException(StoreError.ALREADY_EXISTS, "folder exists: " + to);
            }
            createParents(c, dialect, mailboxId, to);
            for (FolderRow row : FolderRow.ofMailbox(c, mailboxId)) {
                FolderPath old = row.path();
                if (from.contains(old)) {
                    List<String> renamed = new ArrayList<>(to.segments());
                    renamed.addAll(old.segments().subList(from.segments().size(), old.segments().size()));
                    Sql.update(c, "UPDATE store_folder SET name = ? WHERE id = ?", new FolderPath(renamed).name(), row.id());
                    SubscriptionRows.rename(c, mailboxId, old, new FolderPath(renamed));
                }
            }
            return FolderRow.byId(c, source.id()).toFolder();
        });
    }

    void delete(EmailAddress owner, FolderPath path) {
        db.write(c -> {
            long mailboxId = MailboxRows.id(c, owner);
            MailboxRows.lock(c, mailboxId);
            FolderRow row = FolderRow.byName(c, mailboxId, path)
                    .orElseThrow(() -> new StoreException(StoreError.NOT_FOUND, "no folder " + path));
            if (row.specialUse() != null) {
                throw new StoreException(StoreError.NOT_ALLOWED, "a default folder cannot be deleted");
            }
            for (FolderRow other : FolderRow.ofMailbox(c, mailboxId)) {
                if (other.id() != row.id() && path.contains(other.path())) {
                    throw new StoreException(StoreError.NOT_ALLOWED, "folder has children: " + path);
                }
            }
            MailboxUsage.release(c, mailboxId, MailboxUsage.ofFolder(c, row.id()));
            Sql.update(c, "DELETE FROM store_message WHERE folder_id = ?", row.id());
            return Sql.update(c, "DELETE FROM store_folder WHERE id = ?", row.id());
        });
    }

    private static void createParents(Connection c, SqlDialect dialect, long mailboxId, FolderPath path) throws SQLException {
        FolderPath parent = path.parent();
        if (parent != null && FolderRow.byName(c, mailboxId, parent).isEmpty()) {
            createParents(c, dialect, mailboxId, parent);
            insert(c, dialect, mailboxId, parent, null);
        }
    }

    /** Inserts a folder; its creation takes a mod-sequence, so its HIGHESTMODSEQ is never 0 (RFC 7162 needs a positive value). */
    private static Folder insert(Connection c, SqlDialect dialect, long mailboxId, FolderPath path, SpecialUse use)
            throws SQLException {
        long uidValidity = nextUidValidity(c, dialect);
        long createdAt = MailboxRows.nextModSeq(c, mailboxId);
        long id;
        try (PreparedStatement s = Sql.prepare(c, "INSERT INTO store_folder (mailbox_id, name, special_use, uid_validity,"
                        + " uid_next, highest_modseq) VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
                mailboxId, path.name(), use == null ? null : use.name(), uidValidity, createdAt);
             ResultSet r = s.executeQuery()) {
            r.next();
            id = r.getLong(1);
        }
        return FolderRow.byId(c, id).toFolder();
    }

    /** The store's next UIDVALIDITY; {@link StoreError#NOT_ALLOWED} once the 32 bits are used up. */
    private static long nextUidValidity(Connection c, SqlDialect dialect) throws SQLException {
        long next = Sql.queryLong(c, dialect.nextUidValidity())
                .orElseThrow(() -> new StoreException(StoreError.TEMPORARY, "no UIDVALIDITY counter"));
        if (next > MAX_UID_VALIDITY) {
            throw new StoreException(StoreError.NOT_ALLOWED, "the store's UIDVALIDITY values are used up");
        }
        return next;
    }
}

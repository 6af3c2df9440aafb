package org.postern.store;

import org.postern.core.address.EmailAddress;
import org.postern.core.store.FolderPath;
import org.postern.core.store.SpecialUse;
import org.postern.sql.Database;

/**
 * A mailbox with its default folders as the store wrote it before migration V9: UIDVALIDITY
 * counted per mailbox in {@code store_mailbox.next_uid_validity}. For tests that open a
 * database made at an older schema.
 */
final class OldMailboxRows {

    private OldMailboxRows() {
    }

    /** Writes the owner's mailbox, its folders' UIDVALIDITY counted from {@code firstUidValidity}. */
    static void create(Database db, EmailAddress owner, long firstUidValidity) {
        SpecialUse[] uses = SpecialUse.values();
        Sql.guard(() -> db.write(c -> {
            long mailboxId = Sql.queryLong(c, "INSERT INTO store_mailbox (owner, modseq, next_uid_validity) VALUES (?, ?, ?)"
                    + " RETURNING id", MailboxRows.key(owner), (long) uses.length, firstUidValidity + uses.length).orElseThrow();
            for (int i = 0; i < uses.length; i++) {
                FolderPath path = FolderPath.of(uses[i].defaultName());
                Sql.update(c, "INSERT INTO store_folder (mailbox_id, name, special_use, uid_validity, uid_next, highest_modseq)"
                        + " VALUES (?, ?, ?, ?, 1, ?)", mailboxId, path.name(), uses[i].name(), firstUidValidity + i, (long) i + 1);
                SubscriptionRows.add(c, mailboxId, path);
            }
            return null;
        }));
    }
}

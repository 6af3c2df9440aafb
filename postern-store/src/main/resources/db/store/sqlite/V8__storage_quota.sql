-- The STORAGE resource of RFC 9208 per mailbox (docs/adr/0023-storage-quota.md).
-- used_octets: the sum of the sizes of the mailbox's messages, every copy counted, kept by the
-- transactions that add and remove messages (append, COPY, MOVE, EXPUNGE, folder deletion),
-- which hold the mailbox row already (MailboxRows.nextModSeq / lock).
-- storage_limit: the owner's own limit in octets set by `postern user quota`; NULL: the server's
-- default (store.quota in postern.yaml); -1: no limit whatever the default.
ALTER TABLE store_mailbox ADD COLUMN used_octets INTEGER NOT NULL DEFAULT 0;
ALTER TABLE store_mailbox ADD COLUMN storage_limit INTEGER;

UPDATE store_mailbox SET used_octets = (
    SELECT COALESCE(SUM(b.size), 0)
      FROM store_message m
      JOIN store_folder f ON f.id = m.folder_id
      JOIN store_blob b ON b.hash = m.blob_hash
     WHERE f.mailbox_id = store_mailbox.id);

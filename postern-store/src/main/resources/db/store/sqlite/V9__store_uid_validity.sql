-- UIDVALIDITY (RFC 3501 section 2.3.1.1, RFC 9051 section 2.3.1.1) from one counter for the
-- whole store instead of one per mailbox: no two folders, now or ever deleted, get the same
-- value, so a mailbox deleted and made again within the same second no longer gives its new
-- folders the old ones' values (docs/adr/0021-store-calls-and-carriers.md). Its first value is
-- the epoch second of this migration, or above every value a kept mailbox has given out.
CREATE TABLE store_uid_validity (
    next INTEGER NOT NULL
);

INSERT INTO store_uid_validity (next)
SELECT MAX(CAST(strftime('%s', 'now') AS INTEGER),
           COALESCE((SELECT MAX(next_uid_validity) FROM store_mailbox), 0),
           COALESCE((SELECT MAX(uid_validity) + 1 FROM store_folder), 0));

ALTER TABLE store_mailbox DROP COLUMN next_uid_validity;

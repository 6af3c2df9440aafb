-- UIDVALIDITY (RFC 3501 section 2.3.1.1, RFC 9051 section 2.3.1.1) from one sequence for the
-- whole store instead of one counter per mailbox: no two folders, now or ever deleted, get the
-- same value, so a mailbox deleted and made again within the same second no longer gives its
-- new folders the old ones' values (docs/adr/0021-store-calls-and-carriers.md). A sequence takes
-- no row lock: folder creations in concurrent transactions do not wait for each other. Its first
-- value is the epoch second of this migration, or above every value a kept mailbox has given out.
CREATE SEQUENCE store_uid_validity AS BIGINT;

SELECT setval('store_uid_validity', GREATEST(EXTRACT(EPOCH FROM now())::BIGINT,
        COALESCE((SELECT MAX(next_uid_validity) FROM store_mailbox), 0),
        COALESCE((SELECT MAX(uid_validity) + 1 FROM store_folder), 0)), false);

ALTER TABLE store_mailbox DROP COLUMN next_uid_validity;

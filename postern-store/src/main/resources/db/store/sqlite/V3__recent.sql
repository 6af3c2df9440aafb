-- RFC 3501 section 2.3.2 \Recent: the lowest UID of the folder that no read-write session has
-- claimed yet. A SELECT claims the UIDs from here up to the end of what it saw, by
-- compare-and-set, so each message is recent in exactly one session. Messages that existed
-- before this column start claimed.
ALTER TABLE store_folder ADD COLUMN recent_uid INTEGER NOT NULL DEFAULT 1;

UPDATE store_folder SET recent_uid = uid_next;

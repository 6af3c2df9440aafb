-- The mailbox store's metadata (see docs/adr/0002-mailbox-store.md). SQLite dialect.

-- One row per owner; modseq is the mailbox's one mod-sequence counter (RFC 7162).
CREATE TABLE store_mailbox (
    id                INTEGER PRIMARY KEY,
    owner             TEXT    NOT NULL UNIQUE,
    modseq            INTEGER NOT NULL DEFAULT 0,
    next_uid_validity INTEGER NOT NULL
);

CREATE TABLE store_folder (
    id             INTEGER PRIMARY KEY,
    mailbox_id     INTEGER NOT NULL REFERENCES store_mailbox (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    special_use    TEXT,
    uid_validity   INTEGER NOT NULL,
    uid_next       INTEGER NOT NULL DEFAULT 1,
    highest_modseq INTEGER NOT NULL DEFAULT 0,
    UNIQUE (mailbox_id, name)
);

-- One row per distinct content (SHA-256 of the bytes); the parsed structure is kept once too.
CREATE TABLE store_blob (
    hash           TEXT    PRIMARY KEY,
    size           INTEGER NOT NULL,
    envelope       TEXT,
    body_structure TEXT
);

CREATE TABLE store_message (
    id            INTEGER PRIMARY KEY,
    folder_id     INTEGER NOT NULL REFERENCES store_folder (id) ON DELETE CASCADE,
    uid           INTEGER NOT NULL,
    modseq        INTEGER NOT NULL,
    blob_hash     TEXT    NOT NULL REFERENCES store_blob (hash),
    internal_date INTEGER NOT NULL,
    flags         INTEGER NOT NULL,
    keywords      TEXT    NOT NULL,
    UNIQUE (folder_id, uid)
);
CREATE INDEX store_message_modseq ON store_message (folder_id, modseq);
CREATE INDEX store_message_blob ON store_message (blob_hash);

-- Expunged UIDs with the mod-sequence of their expunge, for QRESYNC's VANISHED.
CREATE TABLE store_expunged (
    folder_id INTEGER NOT NULL REFERENCES store_folder (id) ON DELETE CASCADE,
    uid       INTEGER NOT NULL,
    modseq    INTEGER NOT NULL,
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX store_expunged_modseq ON store_expunged (folder_id, modseq);

-- Deliveries seen, by the hub's key (queue id and recipient), with their first result.
CREATE TABLE store_delivery (
    mailbox_id   INTEGER NOT NULL REFERENCES store_mailbox (id) ON DELETE CASCADE,
    delivery_key TEXT    NOT NULL,
    folder_id    INTEGER NOT NULL,
    uid_validity INTEGER NOT NULL,
    uid          INTEGER NOT NULL,
    modseq       INTEGER NOT NULL,
    size         INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, delivery_key)
);

-- The mailbox store's metadata (see docs/adr/0002-mailbox-store.md). PostgreSQL dialect.

-- One row per owner; modseq is the mailbox's one mod-sequence counter (RFC 7162).
CREATE TABLE store_mailbox (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner             TEXT    NOT NULL UNIQUE,
    modseq            BIGINT  NOT NULL DEFAULT 0,
    next_uid_validity BIGINT  NOT NULL
);

CREATE TABLE store_folder (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    mailbox_id     BIGINT  NOT NULL REFERENCES store_mailbox (id) ON DELETE CASCADE,
    name           TEXT    NOT NULL,
    special_use    TEXT,
    uid_validity   BIGINT  NOT NULL,
    uid_next       BIGINT  NOT NULL DEFAULT 1,
    highest_modseq BIGINT  NOT NULL DEFAULT 0,
    UNIQUE (mailbox_id, name)
);

-- One row per distinct content (SHA-256 of the bytes); the parsed structure is kept once too.
CREATE TABLE store_blob (
    hash           TEXT    PRIMARY KEY,
    size           BIGINT  NOT NULL,
    envelope       TEXT,
    body_structure TEXT
);

CREATE TABLE store_message (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    folder_id     BIGINT  NOT NULL REFERENCES store_folder (id) ON DELETE CASCADE,
    uid           BIGINT  NOT NULL,
    modseq        BIGINT  NOT NULL,
    blob_hash     TEXT    NOT NULL REFERENCES store_blob (hash),
    internal_date BIGINT  NOT NULL,
    flags         BIGINT  NOT NULL,
    keywords      TEXT    NOT NULL,
    UNIQUE (folder_id, uid)
);
CREATE INDEX store_message_modseq ON store_message (folder_id, modseq);
CREATE INDEX store_message_blob ON store_message (blob_hash);

-- Expunged UIDs with the mod-sequence of their expunge, for QRESYNC's VANISHED.
CREATE TABLE store_expunged (
    folder_id BIGINT  NOT NULL REFERENCES store_folder (id) ON DELETE CASCADE,
    uid       BIGINT  NOT NULL,
    modseq    BIGINT  NOT NULL,
    PRIMARY KEY (folder_id, uid)
);
CREATE INDEX store_expunged_modseq ON store_expunged (folder_id, modseq);

-- Deliveries seen, by the hub's key (queue id and recipient), with their first result.
CREATE TABLE store_delivery (
    mailbox_id   BIGINT  NOT NULL REFERENCES store_mailbox (id) ON DELETE CASCADE,
    delivery_key TEXT    NOT NULL,
    folder_id    BIGINT  NOT NULL,
    uid_validity BIGINT  NOT NULL,
    uid          BIGINT  NOT NULL,
    modseq       BIGINT  NOT NULL,
    size         BIGINT  NOT NULL,
    PRIMARY KEY (mailbox_id, delivery_key)
);

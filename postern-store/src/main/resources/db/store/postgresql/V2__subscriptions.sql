-- The folders each user subscribed to (IMAP SUBSCRIBE, RFC 3501 section 6.3.6), by folder name.
-- A name stays subscribed after its folder is deleted (RFC 3501 section 6.3.7). Until now every
-- folder counted as subscribed: the existing folders start subscribed.
CREATE TABLE store_subscription (
    mailbox_id BIGINT NOT NULL REFERENCES store_mailbox (id) ON DELETE CASCADE,
    name       TEXT   NOT NULL,
    PRIMARY KEY (mailbox_id, name)
);

INSERT INTO store_subscription (mailbox_id, name) SELECT mailbox_id, name FROM store_folder;

-- Out-of-office replies (RFC 3834): the text per user while it is on, and when each sender
-- was last answered (one reply per sender per period). Keyed by the owner's canonical address.
CREATE TABLE auto_reply (
    owner TEXT NOT NULL PRIMARY KEY,
    text  TEXT NOT NULL
);

CREATE TABLE auto_reply_sent (
    owner   TEXT   NOT NULL,
    sender  TEXT   NOT NULL,
    sent_ms BIGINT NOT NULL,
    PRIMARY KEY (owner, sender)
);

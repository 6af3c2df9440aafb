-- The message tracking log. SQLite dialect.
CREATE TABLE tracking_event (
    id          INTEGER PRIMARY KEY,
    time_ms     INTEGER NOT NULL,
    type        TEXT    NOT NULL,
    message_id  TEXT    NOT NULL,
    queue_id    TEXT,
    sender      TEXT    NOT NULL,
    sender_key  TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    destination TEXT    NOT NULL,
    detail      TEXT    NOT NULL
);
CREATE INDEX tracking_event_time ON tracking_event (time_ms);
CREATE INDEX tracking_event_message_id ON tracking_event (message_id);
CREATE INDEX tracking_event_sender ON tracking_event (sender_key, time_ms);

CREATE TABLE tracking_recipient (
    event_id      INTEGER NOT NULL REFERENCES tracking_event (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    recipient     TEXT    NOT NULL,
    recipient_key TEXT    NOT NULL,
    PRIMARY KEY (event_id, position)
);
CREATE INDEX tracking_recipient_key ON tracking_recipient (recipient_key);

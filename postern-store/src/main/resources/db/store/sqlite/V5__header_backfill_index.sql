-- The contents still without a header block (V4), and only those: HeaderBackfill looks for them
-- each time the store opens, which with this partial index costs nothing once they are filled in
-- instead of a scan of every content.
CREATE INDEX store_blob_without_header ON store_blob (hash) WHERE header IS NULL;

-- Contents up to the store's inline limit (StoreLimits.inlineLimit, default 128 KiB) kept in the
-- database beside their store_blob row instead of as a blob file, written in the append's own
-- transaction so that a delivery's one durability wait is the store's group commit
-- (docs/adr/0019-inline-content.md). A content without a row here is a file under its hash, as
-- every content stored before this table is. A table of its own rather than a column of
-- store_blob, so that the metadata rows FETCH and SEARCH read stay small. Deleting the
-- store_blob row (garbage collection) deletes the content with it.
CREATE TABLE store_content (
    hash    TEXT PRIMARY KEY REFERENCES store_blob (hash) ON DELETE CASCADE,
    content BLOB NOT NULL
);

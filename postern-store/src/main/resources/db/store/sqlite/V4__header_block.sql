-- Each content's header block (RFC 5322 section 2.1: the fields and the empty line after them),
-- kept at append so that SEARCH of header fields, FETCH of BODY[HEADER...] and the like answer
-- without opening the content (docs/adr/0002-mailbox-store.md). NULL for contents stored before
-- this column: the store fills those in from the blob files when it opens (HeaderBackfill).
ALTER TABLE store_blob ADD COLUMN header BLOB;

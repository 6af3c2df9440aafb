-- The header-field index (docs/adr/0020-header-search-index.md): per folder, field and UID, the
-- field's values as IMAP SEARCH compares them (unfolded, trimmed, RFC 2047 encoded-words
-- decoded, repeated fields joined by a line feed) and case-folded (HeaderText.fold), so that
-- SEARCH SUBJECT/FROM/TO/CC/BCC is a substring test on these rows instead of a read of every
-- message's header block. field: 1 Subject, 2 From, 3 To, 4 Cc, 5 Bcc (HeaderIndex.FIELDS). A
-- message without the field has no row. Keyed by folder and field first: a search reads only
-- its field's rows of its folder, in UID order. WITHOUT ROWID: the rows are the key's b-tree.
CREATE TABLE store_header_index (
    folder_id INTEGER NOT NULL REFERENCES store_folder (id) ON DELETE CASCADE,
    field     INTEGER NOT NULL,
    uid       INTEGER NOT NULL,
    value     TEXT    NOT NULL,
    PRIMARY KEY (folder_id, field, uid)
) WITHOUT ROWID;

-- 1 when every message of the folder has its rows (a new folder, an empty one, one filled in by
-- HeaderIndexBackfill); a folder with messages stored before this table starts at 0 and is
-- searched by reading its header blocks until then.
ALTER TABLE store_folder ADD COLUMN header_index_complete INTEGER NOT NULL DEFAULT 1;

UPDATE store_folder SET header_index_complete = 0
 WHERE EXISTS (SELECT 1 FROM store_message m WHERE m.folder_id = store_folder.id);

-- The embedded directory: accepted domains, users, aliases, distribution groups, credentials.
-- Addresses are keyed by their canonical form (local part and domain in lower case) and kept
-- as typed for display. directory_address holds every address whatever it names, so an
-- address is unique across users, aliases and groups.

CREATE TABLE accepted_domain (
    name TEXT NOT NULL PRIMARY KEY
);

CREATE TABLE directory_address (
    canonical TEXT NOT NULL PRIMARY KEY,
    address   TEXT NOT NULL,
    domain    TEXT NOT NULL REFERENCES accepted_domain (name),
    kind      TEXT NOT NULL CHECK (kind IN ('USER', 'ALIAS', 'GROUP'))
);
CREATE INDEX directory_address_domain ON directory_address (domain);

-- password_hash: Argon2id PHC string, or NULL for a user who cannot sign in.
-- nt_hash: MD4 of the UTF-16LE password; stored only while NTLM is enabled.
CREATE TABLE mailbox_user (
    canonical     TEXT NOT NULL PRIMARY KEY REFERENCES directory_address (canonical) ON DELETE CASCADE,
    id            TEXT NOT NULL UNIQUE,
    login         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT,
    nt_hash       BYTEA
);

CREATE TABLE alias (
    canonical TEXT NOT NULL PRIMARY KEY REFERENCES directory_address (canonical) ON DELETE CASCADE,
    target    TEXT NOT NULL REFERENCES directory_address (canonical)
);
CREATE INDEX alias_target ON alias (target);

CREATE TABLE distribution_group (
    canonical    TEXT NOT NULL PRIMARY KEY REFERENCES directory_address (canonical) ON DELETE CASCADE,
    display_name TEXT NOT NULL
);

-- A member is any address: one of directory_address, or an external one (no foreign key).
CREATE TABLE group_member (
    group_canonical  TEXT    NOT NULL REFERENCES distribution_group (canonical) ON DELETE CASCADE,
    member_canonical TEXT    NOT NULL,
    member_address   TEXT    NOT NULL,
    position         INTEGER NOT NULL,
    PRIMARY KEY (group_canonical, member_canonical)
);
CREATE INDEX group_member_member ON group_member (member_canonical);

-- scram_sha256: the SCRAM-SHA-256 verifier (RFC 5802 section 3) in RFC 5803's text form,
-- SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>; never the password. NULL until
-- the password is set again or used once with PLAIN or LOGIN (docs/adr/0022-scram.md).
ALTER TABLE mailbox_user ADD COLUMN scram_sha256 TEXT;

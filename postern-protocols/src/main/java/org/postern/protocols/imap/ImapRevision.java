package org.postern.protocols.imap;

/**
 * The protocol revision a session speaks: IMAP4rev1 (RFC 3501) until the client sends
 * {@code ENABLE IMAP4rev2}, IMAP4rev2 (RFC 9051, section 6.3.1 and appendix A) after it. The
 * command grammar differs where RFC 9051 removed something whose answer would mislead a rev2
 * client: the search keys RECENT, NEW and OLD (section 9, {@code search-key}) are not in it.
 */
public enum ImapRevision {
    IMAP4REV1,
    IMAP4REV2
}

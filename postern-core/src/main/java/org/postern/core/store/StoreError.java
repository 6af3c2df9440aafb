package org.postern.core.store;

/**
 * What went wrong in a store operation, in words no protocol owns. Each protocol has one
 * mapper from these to its own replies (IMAP response codes of RFC 5530, SMTP/LMTP enhanced
 * status codes of RFC 3463, ActiveSync status values).
 */
public enum StoreError {
    /** The mailbox, folder or message does not exist. */
    NOT_FOUND,
    /** A folder or mailbox of that name exists already. */
    ALREADY_EXISTS,
    /** The message was expunged (RFC 3501 section 7.1, EXPUNGEISSUED of RFC 5530). */
    EXPUNGED,
    /** The owner's quota would be exceeded (RFC 9208). */
    NO_QUOTA,
    /** The message is larger than the store accepts. */
    TOO_BIG,
    /** The operation is not allowed on this object (a default folder, a folder with children). */
    NOT_ALLOWED,
    /** A name or argument is not acceptable (empty segment, bad keyword). */
    INVALID,
    /** The store cannot serve now (I/O, database); the caller may try again later. */
    TEMPORARY
}

package org.postern.protocols.imap;

/** The connection states of RFC 3501 section 3 in which a command may be given (Logout takes none). */
public enum ImapPhase {
    NOT_AUTHENTICATED,
    AUTHENTICATED,
    SELECTED
}

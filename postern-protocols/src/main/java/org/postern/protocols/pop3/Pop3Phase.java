package org.postern.protocols.pop3;

/**
 * The states of a POP3 session in which commands are read (RFC 1939 section 3). The UPDATE
 * state follows QUIT in TRANSACTION and reads no command, so it is no phase here.
 */
public enum Pop3Phase {
    /** Before the client has identified itself (RFC 1939 section 4). */
    AUTHORIZATION,
    /** The maildrop is locked and its messages are the session's (RFC 1939 section 5). */
    TRANSACTION
}

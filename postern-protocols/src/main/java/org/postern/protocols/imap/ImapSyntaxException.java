package org.postern.protocols.imap;

/** A syntax error found by {@link ImapCursor} or {@link ImapCommandParser}; never leaves the parser. */
final class ImapSyntaxException extends RuntimeException {
    ImapSyntaxException(String message) {
        super(message, null, false, false);
    }
}

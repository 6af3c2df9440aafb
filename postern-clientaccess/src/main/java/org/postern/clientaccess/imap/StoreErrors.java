package org.postern.clientaccess.imap;

import org.postern.core.store.StoreError;

/**
 * The one mapper from the store's protocol-neutral errors to IMAP (style rule 8): a response
 * code of RFC 5530 (or RFC 3501's TRYCREATE, RFC 7889's TOOBIG) and a text for the client.
 */
final class StoreErrors {

    record ImapError(String code, String text) {
    }

    private StoreErrors() {
    }

    static ImapError map(StoreError error) {
        return switch (error) {
            case NOT_FOUND -> new ImapError("NONEXISTENT", "No such mailbox");
            case ALREADY_EXISTS -> new ImapError("ALREADYEXISTS", "Mailbox already exists");
            case EXPUNGED -> new ImapError("EXPUNGEISSUED", "Message was expunged");
            case NO_QUOTA -> new ImapError("OVERQUOTA", "Quota exceeded");
            case TOO_BIG -> new ImapError("TOOBIG", "Message too big");
            case NOT_ALLOWED -> new ImapError("CANNOT", "Operation not allowed on this mailbox");
            case INVALID -> new ImapError("CANNOT", "Invalid mailbox name or argument");
            case TEMPORARY -> new ImapError("UNAVAILABLE", "Mailbox unavailable, try again later");
        };
    }
}

package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/**
 * One command's execution (style rule 2). The dispatcher has already checked the state, TLS
 * and the grammar against the command table; the handler answers with the tagged response
 * and returns the next state. A store failure may escape as {@link
 * org.postern.core.store.StoreException}: the dispatcher maps it ({@link StoreErrors}).
 */
interface ImapHandler {

    ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException;

    /** A handler for commands of the selected state only. */
    interface InSelected extends ImapHandler {
        @Override
        default ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
            if (!(state instanceof ImapState.Selected selected)) {
                throw new IllegalStateException(request.command() + " dispatched outside the selected state");
            }
            return handle(request, selected, context);
        }

        ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException;
    }

    /** The user of an authenticated or selected state. */
    static org.postern.core.directory.Recipient.User user(ImapState state) {
        return switch (state) {
            case ImapState.Authenticated a -> a.user();
            case ImapState.Selected s -> s.user();
            case ImapState.NotAuthenticated n -> throw new IllegalStateException("not authenticated");
            case ImapState.Logout l -> throw new IllegalStateException("logged out");
        };
    }
}

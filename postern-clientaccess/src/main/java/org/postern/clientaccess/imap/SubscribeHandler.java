package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.imap.ImapRequest;

/**
 * SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.6, 6.3.7; one handler with a flag): the
 * subscription list is kept in the store; only an existing folder can be subscribed.
 */
final class SubscribeHandler implements ImapHandler {

    private final boolean subscribe;

    SubscribeHandler(boolean subscribe) {
        this.subscribe = subscribe;
    }

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        Optional<String> name = context.decodeName(((ImapRequest.Mailbox) request.arguments()).name());
        if (name.isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return state;
        }
        var store = context.backend().store();
        if (subscribe && MailboxNames.find(store, user.address(), name.get()).isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return state;
        }
        store.subscribe(user.address(), MailboxNames.path(store, user.address(), name.get()), subscribe);
        context.ok(request.tag(), (subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed");
        return state;
    }
}

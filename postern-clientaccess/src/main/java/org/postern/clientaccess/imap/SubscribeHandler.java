package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.imap.ImapRequest;

/** SUBSCRIBE and UNSUBSCRIBE (RFC 3501 sections 6.3.6, 6.3.7; one handler with a flag). */
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
        String key = MailboxNames.isInbox(name.get()) ? MailboxNames.INBOX : name.get();
        if (subscribe) {
            if (MailboxNames.find(context.backend().store(), user.address(), key).isEmpty()) {
                context.no(request.tag(), "NONEXISTENT", "No such mailbox");
                return state;
            }
            context.backend().subscriptions().subscribe(user.address(), key);
        } else {
            context.backend().subscriptions().unsubscribe(user.address(), key);
        }
        context.ok(request.tag(), (subscribe ? "SUBSCRIBE" : "UNSUBSCRIBE") + " completed");
        return state;
    }
}

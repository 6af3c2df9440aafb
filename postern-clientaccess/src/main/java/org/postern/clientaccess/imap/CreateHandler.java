package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.imap.ImapRequest;

/**
 * CREATE (RFC 3501 section 6.3.3): missing parents are created too; INBOX exists already. The
 * reply carries the new folder's MAILBOXID (RFC 8474 section 4.1). The new folder starts
 * subscribed (clients that list with LSUB see what they created).
 */
final class CreateHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        Optional<String> name = context.decodeName(((ImapRequest.Mailbox) request.arguments()).name());
        if (name.isEmpty()) {
            context.no(request.tag(), "CANNOT", "Mailbox name is not valid modified UTF-7");
            return state;
        }
        if (MailboxNames.isInbox(name.get())) {
            context.no(request.tag(), "ALREADYEXISTS", "INBOX exists");
            return state;
        }
        var store = context.backend().store();
        var created = store.createFolder(user.address(), MailboxNames.path(store, user.address(), name.get()));
        store.subscribe(user.address(), created.path(), true); // a new folder starts subscribed, as the defaults do
        context.ok(request.tag(), "MAILBOXID (" + MailboxNames.mailboxId(created) + ")", "CREATE completed");
        return state;
    }
}

package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.imap.ImapRequest;

/**
 * RENAME (RFC 3501 section 6.3.5): the folder and everything below it, keeping UIDs and
 * UIDVALIDITY. Renaming INBOX (which moves its messages in RFC 3501) is refused: the Inbox is
 * a default folder here ({@code NO [CANNOT]}).
 */
final class RenameHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        ImapRequest.Rename rename = (ImapRequest.Rename) request.arguments();
        Optional<String> from = context.decodeName(rename.from());
        Optional<String> to = context.decodeName(rename.to());
        var store = context.backend().store();
        var folder = from.flatMap(n -> MailboxNames.find(store, user.address(), n));
        if (folder.isEmpty() || to.isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return state;
        }
        if (MailboxNames.isInbox(to.get()) || MailboxNames.isInbox(from.get())) {
            context.no(request.tag(), "CANNOT", "INBOX cannot be renamed here");
            return state;
        }
        store.renameFolder(user.address(), folder.get().path(), MailboxNames.path(store, user.address(), to.get()));
        context.ok(request.tag(), "RENAME completed");
        return state;
    }
}

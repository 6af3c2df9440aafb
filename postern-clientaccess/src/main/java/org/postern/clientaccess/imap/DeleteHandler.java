package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.imap.ImapRequest;

/**
 * DELETE (RFC 3501 section 6.3.4): the store refuses INBOX, the default folders and folders
 * with children ({@code NO [CANNOT]}). Deleting the folder this session has selected is allowed
 * (RFC 3501 does not forbid it); the session is then back in the authenticated state, as after
 * UNSELECT. Other sessions with it selected are told {@code * BYE} at their next command.
 */
final class DeleteHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        Optional<String> name = context.decodeName(((ImapRequest.Mailbox) request.arguments()).name());
        var store = context.backend().store();
        var folder = name.flatMap(n -> MailboxNames.find(store, user.address(), n));
        if (folder.isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return state;
        }
        store.deleteFolder(user.address(), folder.get().path());
        ImapState next = state;
        if (state instanceof ImapState.Selected s && s.folder().folder().id().equals(folder.get().id())) {
            s.folder().close();
            next = new ImapState.Authenticated(s.user(), s.lease());
        }
        context.ok(request.tag(), "DELETE completed");
        return next;
    }
}

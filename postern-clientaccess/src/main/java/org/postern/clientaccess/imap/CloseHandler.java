package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.List;
import org.postern.core.store.Flag;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.ImapRequest;

/**
 * CLOSE (RFC 3501 section 6.4.2: silently expunges the \Deleted messages unless the folder is
 * read-only) and UNSELECT (RFC 3691: no expunge); one handler with a flag. Both return to the
 * authenticated state.
 */
final class CloseHandler implements ImapHandler.InSelected {

    private final boolean expunge;

    CloseHandler(boolean expunge) {
        this.expunge = expunge;
    }

    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        SelectedFolder folder = state.folder();
        try {
            if (expunge && !folder.readOnly()) {
                var store = context.backend().store();
                List<Long> deleted = store.fetchFlags(folder.folder().id(), UidSet.all()).stream()
                        .filter(m -> m.flags().contains(Flag.DELETED)).map(MessageFlags::uid).toList();
                if (!deleted.isEmpty()) {
                    store.expunge(folder.folder().id(), UidSet.of(deleted));
                }
            }
        } finally {
            folder.close();
            context.saveSearch(List.of()); // RFC 5182 section 2.1
        }
        context.ok(request.tag(), (expunge ? "CLOSE" : "UNSELECT") + " completed");
        return state.deselect();
    }
}

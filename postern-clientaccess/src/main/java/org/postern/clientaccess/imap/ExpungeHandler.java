package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.List;
import org.postern.core.store.Flag;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.ImapRequest;

/**
 * EXPUNGE (RFC 3501 section 6.4.3) and UID EXPUNGE (RFC 4315 section 2.1): removes exactly the
 * messages that carry \Deleted now (and, for the UID form, are in the set), then reports each
 * as EXPUNGE (or VANISHED under QRESYNC, RFC 7162 section 3.2.7).
 */
final class ExpungeHandler implements ImapHandler.InSelected {
    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        SelectedFolder folder = state.folder();
        if (folder.readOnly()) {
            context.no(request.tag(), "READ-ONLY", "Mailbox is read-only");
            return state;
        }
        ImapRequest.Expunge expunge = (ImapRequest.Expunge) request.arguments();
        var store = context.backend().store();
        List<Long> within = expunge.uids().map(set -> folder.resolve(set, true, context.savedSearch())).orElse(null);
        List<Long> deleted = store.fetchFlags(folder.folder().id(), UidSet.all()).stream()
                .filter(m -> m.flags().contains(Flag.DELETED))
                .map(MessageFlags::uid)
                .filter(uid -> within == null || within.contains(uid))
                .toList();
        if (!deleted.isEmpty()) {
            List<Long> removed = store.expunge(folder.folder().id(), UidSet.of(deleted));
            folder.expunged(removed, context.out(), context.qresync());
        }
        context.ok(request.tag(), "EXPUNGE completed");
        return state;
    }
}

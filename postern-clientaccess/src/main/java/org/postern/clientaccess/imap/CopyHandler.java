package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postern.core.store.CopyResult;
import org.postern.core.store.Folder;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.imap.SequenceSet;

/**
 * COPY (RFC 3501 section 6.4.7) and MOVE (RFC 6851), by number or UID; one handler with a
 * flag. COPYUID (RFC 4315 section 3) in the tagged OK of COPY and in an untagged OK before the
 * EXPUNGEs of MOVE (RFC 6851 section 4.3). A missing destination gets {@code NO [TRYCREATE]}.
 */
final class CopyHandler implements ImapHandler.InSelected {

    private final boolean move;

    CopyHandler(boolean move) {
        this.move = move;
    }

    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        SelectedFolder folder = state.folder();
        ImapRequest.Copy copy = (ImapRequest.Copy) request.arguments();
        if (!request.uid() && folder.outOfRange(copy.set())) {
            context.bad(request.tag(), "Message sequence number out of range");
            return state;
        }
        if (move && folder.readOnly()) {
            context.no(request.tag(), "READ-ONLY", "Mailbox is read-only");
            return state;
        }
        Optional<String> name = context.decodeName(copy.mailbox());
        Optional<Folder> target = name.flatMap(n -> MailboxNames.find(context.backend().store(), state.user().address(), n));
        if (target.isEmpty()) {
            context.no(request.tag(), "TRYCREATE", "No such mailbox");
            return state;
        }
        List<Long> uids = folder.resolve(copy.set(), request.uid(), context.savedSearch());
        String verb = move ? "MOVE" : "COPY";
        if (uids.isEmpty()) {
            context.ok(request.tag(), verb + " completed, nothing to do");
            return state;
        }
        var store = context.backend().store();
        CopyResult result = move ? store.move(folder.folder().id(), UidSet.of(uids), target.get().id())
                : store.copy(folder.folder().id(), UidSet.of(uids), target.get().id());
        String code = "COPYUID " + result.destinationUidValidity() + " " + SequenceSet.compact(result.sourceUids()) + " "
                + SequenceSet.compact(result.destinationUids());
        if (result.sourceUids().isEmpty()) {
            context.ok(request.tag(), verb + " completed, nothing to do");
            return state;
        }
        if (move) {
            context.untagged("OK [" + code + "] Moved");
            folder.expunged(result.sourceUids(), context.out(), context.qresync());
            context.ok(request.tag(), verb + " completed");
        } else {
            context.ok(request.tag(), code, verb + " completed");
        }
        return state;
    }
}

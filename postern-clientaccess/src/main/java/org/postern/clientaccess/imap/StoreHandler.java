package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.core.store.Flag;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.Keywords;
import org.postern.core.store.MessageFlags;
import org.postern.core.store.StoreFlagsResult;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.ImapExtension;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.imap.SequenceSet;

/**
 * STORE (RFC 3501 section 6.4.6) and UID STORE: FLAGS, +FLAGS, -FLAGS and their .SILENT forms,
 * with UNCHANGEDSINCE and the MODIFIED response code (RFC 7162 section 3.1.3). Each changed
 * message is reported as FETCH (FLAGS …) unless silent, with its UID for the UID form and its
 * MODSEQ under CONDSTORE.
 */
final class StoreHandler implements ImapHandler.InSelected {
    @Override
    public ImapState handle(ImapRequest request, ImapState.Selected state, ImapContext context) throws IOException {
        SelectedFolder folder = state.folder();
        ImapRequest.Store store = (ImapRequest.Store) request.arguments();
        if (!request.uid() && folder.outOfRange(store.set())) {
            context.bad(request.tag(), "Message sequence number out of range");
            return state;
        }
        if (folder.readOnly()) {
            context.no(request.tag(), "READ-ONLY", "Mailbox is read-only");
            return state;
        }
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        Set<String> keywords = new HashSet<>();
        for (String f : store.flags()) {
            Optional<Flag> system = Flag.fromImapName(f);
            if (system.isPresent()) {
                flags.add(system.get());
            } else if (f.equalsIgnoreCase("\\Recent")) {
                continue;
            } else if (f.startsWith("\\") || !Keywords.isValid(f)) {
                context.bad(request.tag(), "Invalid flag " + f);
                return state;
            } else {
                keywords.add(f);
            }
        }
        if (store.unchangedSince().isPresent()) {
            context.enable(ImapExtension.CONDSTORE);
        }
        FlagUpdate.Mode mode = switch (store.mode()) {
            case ADD -> FlagUpdate.Mode.ADD;
            case REMOVE -> FlagUpdate.Mode.REMOVE;
            case REPLACE -> FlagUpdate.Mode.REPLACE;
        };
        List<Long> uids = folder.resolve(store.set(), request.uid(), context.savedSearch());
        if (uids.isEmpty()) {
            context.ok(request.tag(), "STORE completed");
            return state;
        }
        StoreFlagsResult result = context.backend().store().storeFlags(folder.folder().id(), UidSet.of(uids),
                new FlagUpdate(mode, flags, keywords), store.unchangedSince());
        for (MessageFlags m : result.updated()) {
            folder.announceKeywords(m.keywords(), context.out());
        }
        for (MessageFlags m : result.updated()) {
            folder.update(m);
            int msn = folder.msnOf(m.uid());
            if (msn == 0 || (store.silent() && store.unchangedSince().isEmpty())) {
                continue;
            }
            StringBuilder sb = new StringBuilder().append(msn).append(" FETCH (FLAGS ").append(folder.flagList(m));
            if (request.uid() || context.condstore()) {
                sb.append(" UID ").append(m.uid());
            }
            if (context.condstore()) {
                sb.append(" MODSEQ (").append(m.modSeq()).append(')');
            }
            context.untagged(sb.append(')').toString());
        }
        if (!result.modified().isEmpty()) {
            List<Long> modified = result.modified();
            if (!request.uid()) {
                modified = modified.stream().map(u -> (long) folder.msnOf(u)).filter(n -> n > 0).sorted().toList();
            }
            context.ok(request.tag(), "MODIFIED " + SequenceSet.compact(modified), "Conditional STORE failed for some messages");
        } else {
            context.ok(request.tag(), "STORE completed");
        }
        return state;
    }
}

package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderStatus;
import org.postern.protocols.imap.ImapRequest;

/**
 * STATUS (RFC 3501 section 6.3.10, RFC 9051 section 6.3.11) with HIGHESTMODSEQ (RFC 7162 section
 * 3.1.2.1), SIZE (RFC 8438), DELETED (RFC 9051), APPENDLIMIT (RFC 7889 section 4) and
 * DELETED-STORAGE (RFC 9208, which a server with the STORAGE resource must support: what an
 * EXPUNGE would free, in the resource's units of 1024 octets, read only when asked); one
 * consistent read of the store's counters for the others. An IMAP4rev2 session has no RECENT item (RFC 9051
 * appendix E): it is refused with BAD there.
 */
final class StatusHandler implements ImapHandler {

    /** The status-att items known in either protocol revision. */
    static final List<String> ITEMS = List.of("MESSAGES", "RECENT", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "HIGHESTMODSEQ", "SIZE",
            "DELETED", "APPENDLIMIT", "DELETED-STORAGE");

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        ImapRequest.Status status = (ImapRequest.Status) request.arguments();
        for (String item : status.items()) {
            if (!ITEMS.contains(item) || item.equals("RECENT") && context.imap4rev2()) {
                context.bad(request.tag(), "Unknown STATUS item " + item);
                return state;
            }
        }
        Optional<String> name = context.decodeName(status.mailbox());
        Optional<Folder> folder = name.flatMap(n -> MailboxNames.find(context.backend().store(), user.address(), n));
        if (folder.isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return state;
        }
        status(context, folder.get(), status.mailbox(), status.items());
        context.ok(request.tag(), "STATUS completed");
        return state;
    }

    /** Writes {@code * STATUS name (items)} for a folder. */
    static void status(ImapContext context, Folder folder, String wireName, List<String> items) throws IOException {
        FolderStatus s = context.backend().store().status(folder.id());
        List<String> parts = new ArrayList<>();
        for (String item : items) {
            long value = switch (item) {
                case "MESSAGES" -> s.messages();
                case "RECENT" -> s.recent();
                case "UIDNEXT" -> s.uidNext();
                case "UIDVALIDITY" -> s.uidValidity();
                case "UNSEEN" -> s.unseen();
                case "HIGHESTMODSEQ" -> s.highestModSeq();
                case "SIZE" -> s.size();
                case "DELETED" -> s.deleted();
                case "APPENDLIMIT" -> context.backend().limits().maxAppend();
                case "DELETED-STORAGE" -> QuotaRoots.storageUnits(context.backend().store().deletedOctets(folder.id()));
                default -> -1;
            };
            if (value >= 0) {
                parts.add(item + " " + value);
            }
        }
        context.out().raw("* STATUS ").string(wireName).raw(" (" + String.join(" ", parts) + ")").crlf();
    }
}

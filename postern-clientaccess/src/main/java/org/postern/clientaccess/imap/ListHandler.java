package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderPath;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreException;
import org.postern.protocols.imap.ImapRequest;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8, 6.3.9; one handler with a flag), with the attributes
 * of RFC 3348 (\HasChildren, \HasNoChildren), RFC 6154 (\Sent, \Trash, … always, and the
 * SPECIAL-USE selection option), RFC 5258 (SUBSCRIBED selection and return options, several
 * patterns) and RFC 5819 (RETURN (STATUS (…))). Names and patterns are compared in their wire
 * form (modified UTF-7 unless UTF8=ACCEPT).
 */
final class ListHandler implements ImapHandler {

    private final boolean lsub;

    ListHandler(boolean lsub) {
        this.lsub = lsub;
    }

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        ImapRequest.ListMailboxes list = (ImapRequest.ListMailboxes) request.arguments();
        String verb = lsub ? "LSUB" : "LIST";
        if (!lsub && list.patterns().size() == 1 && list.patterns().getFirst().isEmpty() && list.selection().isEmpty()) {
            context.untagged("LIST (\\Noselect) \"" + FolderPath.DELIMITER + "\" \"\"");
            context.ok(request.tag(), "LIST completed");
            return state;
        }
        boolean subscribedOnly = lsub || list.selection().contains("SUBSCRIBED");
        boolean specialUseOnly = list.selection().contains("SPECIAL-USE");
        boolean showSubscribed = !lsub && (subscribedOnly || list.returns().contains("SUBSCRIBED"));
        MailboxStore store = context.backend().store();
        List<Folder> folders = store.listFolders(user.address());
        FolderPath inboxPath = folders.stream().filter(f -> f.specialUse().equals(Optional.of(SpecialUse.INBOX)))
                .map(Folder::path).findFirst().orElse(null);
        java.util.Set<FolderPath> subscriptions = subscribedOnly || showSubscribed
                ? store.subscriptions(user.address()) : java.util.Set.of();
        for (Folder folder : folders) {
            String name = MailboxNames.imapName(folder, inboxPath);
            String wire = context.encodeName(name);
            if (!matchesAny(list, wire)) {
                continue;
            }
            boolean subscribed = subscriptions.contains(folder.path());
            if ((subscribedOnly && !subscribed) || (specialUseOnly && folder.specialUse().flatMap(SpecialUse::imapAttribute).isEmpty())) {
                continue;
            }
            List<String> attributes = new ArrayList<>();
            if (!lsub) {
                boolean children = folders.stream().anyMatch(f -> f != folder && folder.path().contains(f.path()));
                attributes.add(children ? "\\HasChildren" : "\\HasNoChildren");
                folder.specialUse().flatMap(SpecialUse::imapAttribute).ifPresent(attributes::add);
                if (showSubscribed && subscribed) {
                    attributes.add("\\Subscribed");
                }
            }
            context.out().raw("* " + verb + " (" + String.join(" ", attributes) + ") \"" + FolderPath.DELIMITER + "\" ")
                    .astring(wire).crlf();
            if (!list.statusItems().isEmpty()) {
                try {
                    StatusHandler.status(context, folder, wire, list.statusItems());
                } catch (StoreException e) {
                    // the folder went away between the two reads: no STATUS for it (RFC 5819 section 2)
                }
            }
        }
        context.ok(request.tag(), verb + " completed");
        return state;
    }

    private static boolean matchesAny(ImapRequest.ListMailboxes list, String wire) {
        for (String pattern : list.patterns()) {
            if (MailboxNames.matches(list.reference() + pattern, wire)) {
                return true;
            }
        }
        return false;
    }
}

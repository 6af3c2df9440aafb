package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.Folder;
import org.postern.core.store.FolderPath;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.StoreException;
import org.postern.protocols.imap.ImapRequest;

/**
 * LIST and LSUB (RFC 3501 sections 6.3.8, 6.3.9; RFC 9051 section 6.3.9; one handler with a
 * flag), with RFC 5258 LIST-EXTENDED (selection options SUBSCRIBED, REMOTE, RECURSIVEMATCH and
 * SPECIAL-USE of RFC 6154; return options SUBSCRIBED, CHILDREN, SPECIAL-USE; several patterns;
 * {@code \NonExistent} and {@code CHILDINFO}) and RFC 5819 (RETURN (STATUS (…))). Which names
 * and attributes is {@link MailboxListing}'s work. Names and patterns are compared in their wire
 * form (modified UTF-7, or UTF-8 once UTF8=ACCEPT or IMAP4rev2 is enabled).
 */
final class ListHandler implements ImapHandler {

    private static final Set<String> SELECTION = Set.of("SUBSCRIBED", "REMOTE", "RECURSIVEMATCH", "SPECIAL-USE");
    private static final Set<String> RETURNS = Set.of("SUBSCRIBED", "CHILDREN", "SPECIAL-USE", "STATUS");

    private final boolean lsub;

    ListHandler(boolean lsub) {
        this.lsub = lsub;
    }

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        ImapRequest.ListMailboxes list = (ImapRequest.ListMailboxes) request.arguments();
        String verb = lsub ? "LSUB" : "LIST";
        Optional<String> refused = refused(list);
        if (refused.isPresent()) {
            context.bad(request.tag(), refused.get());
            return state;
        }
        if (!lsub && list.patterns().size() == 1 && list.patterns().getFirst().isEmpty() && list.selection().isEmpty()) {
            context.untagged("LIST (\\Noselect) \"" + FolderPath.DELIMITER + "\" \"\"");
            context.ok(request.tag(), "LIST completed");
            return state;
        }
        boolean subscribedOnly = list.selection().contains("SUBSCRIBED");
        MailboxListing.Options options = new MailboxListing.Options(lsub, subscribedOnly, list.selection().contains("SPECIAL-USE"),
                list.selection().contains("RECURSIVEMATCH"), !lsub && (subscribedOnly || list.returns().contains("SUBSCRIBED")));
        MailboxStore store = context.backend().store();
        List<Folder> folders = store.listFolders(user.address());
        FolderPath inboxPath = folders.stream().filter(f -> f.specialUse().equals(Optional.of(SpecialUse.INBOX)))
                .map(Folder::path).findFirst().orElse(null);
        Set<FolderPath> subscriptions = lsub || options.subscribedOnly() || options.showSubscribed()
                ? store.subscriptions(user.address()) : Set.of();
        List<MailboxListing.Entry> entries = MailboxListing.list(folders, subscriptions, options,
                p -> matchesAny(list, context.encodeName(MailboxNames.imapName(p, inboxPath))));
        for (MailboxListing.Entry entry : entries) {
            String wire = context.encodeName(MailboxNames.imapName(entry.path(), inboxPath));
            context.out().raw("* " + verb + " (" + String.join(" ", entry.attributes()) + ") \"" + FolderPath.DELIMITER + "\" ")
                    .astring(wire);
            if (!entry.childInfo().isEmpty()) {
                context.out().raw(" (\"CHILDINFO\" (\"" + String.join("\" \"", entry.childInfo()) + "\"))");
            }
            context.out().crlf();
            if (!list.statusItems().isEmpty() && entry.folder().isPresent()) {
                try {
                    StatusHandler.status(context, entry.folder().get(), wire, list.statusItems());
                } catch (StoreException e) {
                    // the folder went away between the two reads: no STATUS for it (RFC 5819 section 2)
                }
            }
        }
        context.ok(request.tag(), verb + " completed");
        return state;
    }

    /**
     * {@code * LIST (attributes) "/" name} for one folder under its canonical name, as SELECT
     * sends it in IMAP4rev2 (RFC 9051 section 6.3.2).
     */
    static void listOne(ImapContext context, User user, Folder folder) throws IOException {
        java.util.Map<FolderPath, Folder> existing = new java.util.LinkedHashMap<>();
        FolderPath inboxPath = null;
        for (Folder f : context.backend().store().listFolders(user.address())) {
            existing.put(f.path(), f);
            if (f.specialUse().equals(Optional.of(SpecialUse.INBOX))) {
                inboxPath = f.path();
            }
        }
        List<String> attributes = MailboxListing.attributes(folder.path(), folder, existing, Set.of(),
                new MailboxListing.Options(false, false, false, false, false));
        context.out().raw("* LIST (" + String.join(" ", attributes) + ") \"" + FolderPath.DELIMITER + "\" ")
                .astring(context.encodeName(MailboxNames.imapName(folder, inboxPath))).crlf();
    }

    /** Why RFC 5258 section 3 refuses the options with BAD, if it does. */
    private Optional<String> refused(ImapRequest.ListMailboxes list) {
        for (String option : list.selection()) {
            if (!SELECTION.contains(option)) {
                return Optional.of("Unknown LIST selection option " + option);
            }
        }
        for (String option : list.returns()) {
            if (!RETURNS.contains(option)) {
                return Optional.of("Unknown LIST return option " + option);
            }
        }
        if (list.selection().contains("RECURSIVEMATCH") && list.selection().stream()
                .noneMatch(o -> !o.equals("RECURSIVEMATCH") && !o.equals("REMOTE"))) {
            return Optional.of("RECURSIVEMATCH needs another selection option");
        }
        for (String item : list.statusItems()) {
            if (!StatusHandler.ITEMS.contains(item)) {
                return Optional.of("Unknown STATUS item " + item);
            }
        }
        return Optional.empty();
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

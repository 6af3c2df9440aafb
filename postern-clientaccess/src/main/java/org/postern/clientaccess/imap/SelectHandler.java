package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.Changes;
import org.postern.core.store.Folder;
import org.postern.core.store.MessageFlags;
import org.postern.protocols.imap.ImapExtension;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.imap.SequenceSet;

/**
 * SELECT and EXAMINE (RFC 3501 sections 6.3.1, 6.3.2; one handler with a flag): the snapshot
 * of the folder and its FLAGS, EXISTS, RECENT, UNSEEN, PERMANENTFLAGS, UIDVALIDITY, UIDNEXT,
 * HIGHESTMODSEQ (RFC 7162 section 3.1.2.1), and with QRESYNC (section 3.2.5) the VANISHED
 * (EARLIER) and FETCH of what changed since the client's mod-sequence. A failed SELECT leaves
 * the authenticated state (RFC 3501: the previous mailbox is deselected). An IMAP4rev2 session
 * (RFC 9051 section 6.3.2) gets the mailbox's LIST response instead of RECENT and UNSEEN.
 */
final class SelectHandler implements ImapHandler {

    private final boolean readOnly;

    SelectHandler(boolean readOnly) {
        this.readOnly = readOnly;
    }

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        ImapRequest.Select select = (ImapRequest.Select) request.arguments();
        User user = ImapHandler.user(state);
        Optional<SelectedFolder> previous = state instanceof ImapState.Selected was ? Optional.of(was.folder()) : Optional.empty();
        UserSessions.Lease lease = switch (state) {
            case ImapState.Authenticated a -> a.lease();
            case ImapState.Selected s -> {
                s.folder().close();
                if (context.qresync() || context.imap4rev2()) {
                    // RFC 7162 section 3.2.11, RFC 9051 section 6.3.2: the end of the previous selection is marked
                    context.untagged("OK [CLOSED] Previous mailbox is now closed");
                }
                yield s.lease();
            }
            default -> throw new IllegalStateException("SELECT outside the authenticated states");
        };
        ImapState.Authenticated deselected = new ImapState.Authenticated(user, lease);
        context.saveSearch(java.util.List.of()); // RFC 5182 section 2.1: a new selection empties $
        if (select.qresync().isPresent() && !context.qresync()) {
            context.bad(request.tag(), "QRESYNC is not enabled");
            return deselected;
        }
        if (select.condstore()) {
            context.enable(ImapExtension.CONDSTORE);
        }
        Optional<String> name = context.decodeName(select.mailbox());
        Optional<Folder> folder = name.flatMap(n -> MailboxNames.find(context.backend().store(), user.address(), n));
        if (folder.isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return deselected;
        }
        // the snapshot of a large folder is a long read: off the session's carrier (ADR 0021)
        SelectedFolder selected = context.backend().longWork().call(() -> SelectedFolder.open(context.backend().store(),
                folder.get(), name.get(), readOnly, recentClaims(previous, folder.get())));
        if (context.imap4rev2()) {
            selected.imap4rev2();
        }
        try {
            context.untagged("OK [MAILBOXID (" + MailboxNames.mailboxId(folder.get()) + ")] Mailbox identifier");
            context.untagged("FLAGS " + selected.definedFlags());
            context.untagged(selected.exists() + " EXISTS");
            if (selected.reportsRecent()) {
                context.untagged(selected.recent() + " RECENT");
            }
            if (context.imap4rev2()) {
                ListHandler.listOne(context, user, folder.get()); // RFC 9051 section 6.3.2
            }
            context.untagged("OK [UIDVALIDITY " + folder.get().uidValidity() + "] UIDs valid");
            if (!context.imap4rev2()) { // RFC 9051 has no UNSEEN response code (appendix E)
                firstUnseen(selected, context);
            }
            context.untagged("OK [PERMANENTFLAGS " + selected.permanentFlags() + "] Flags permitted");
            context.untagged("OK [HIGHESTMODSEQ " + selected.modSeq() + "] Highest");
            context.untagged("OK [UIDNEXT " + selected.uidNext() + "] Predicted next UID");
            if (select.qresync().isPresent() && select.qresync().get().uidValidity() == folder.get().uidValidity()) {
                resync(select.qresync().get(), selected, context);
            }
            context.ok(request.tag(), readOnly ? "READ-ONLY" : "READ-WRITE", (readOnly ? "EXAMINE" : "SELECT") + " completed");
            return new ImapState.Selected(user, lease, selected);
        } catch (IOException | RuntimeException e) {
            selected.close();
            throw e;
        }
    }

    /**
     * The {@code \Recent} claims the new selection starts from: those of the folder selected until now
     * when it is the same one (a re-SELECT keeps them), else none: as in James's scripts, a
     * session gives up its {@code \Recent} messages when it selects another folder (RFC 3501
     * section 2.3.2 leaves this open; nobody else can claim them again).
     */
    private static RecentUids recentClaims(Optional<SelectedFolder> previous, Folder folder) {
        return previous.filter(p -> p.folder().id().equals(folder.id())).map(SelectedFolder::recentClaims).orElseGet(RecentUids::new);
    }

    /** {@code OK [UNSEEN n]}: the first message without \Seen, if any (RFC 3501 section 6.3.1). */
    private static void firstUnseen(SelectedFolder selected, ImapContext context) throws IOException {
        int msn = selected.firstUnseen();
        if (msn > 0) {
            context.untagged("OK [UNSEEN " + msn + "] First unseen");
        }
    }

    /** RFC 7162 section 3.2.5.2: what changed since the client's mod-sequence. */
    private static void resync(ImapRequest.Qresync q, SelectedFolder selected, ImapContext context) throws IOException {
        Changes changes = context.backend().store().changesSince(selected.folder().id(), q.modSeq());
        List<Long> vanished = new ArrayList<>();
        for (long uid : changes.expunged()) {
            if (q.knownUids().isEmpty() || q.knownUids().get().contains(uid, Long.MAX_VALUE)) {
                vanished.add(uid);
            }
        }
        if (!vanished.isEmpty()) {
            context.untagged("VANISHED (EARLIER) " + SequenceSet.compact(vanished.stream().sorted().toList()));
        }
        for (MessageFlags m : changes.changed()) {
            int msn = selected.msnOf(m.uid());
            if (msn > 0) {
                context.untagged(msn + " FETCH (UID " + m.uid() + " FLAGS " + selected.flagList(m) + " MODSEQ (" + m.modSeq() + "))");
            }
        }
    }
}

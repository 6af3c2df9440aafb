package org.postern.clientaccess.imap;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.AppendResult;
import org.postern.core.store.Flag;
import org.postern.core.store.Folder;
import org.postern.core.store.Keywords;
import org.postern.protocols.imap.ImapRequest;

/**
 * APPEND (RFC 3501 section 6.3.11) with APPENDUID (RFC 4315 section 3) and the size limit of
 * RFC 7889 (enforced before the literal is read, by the command reader). A missing folder gets
 * {@code NO [TRYCREATE]}.
 */
final class AppendHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        ImapRequest.Append append = (ImapRequest.Append) request.arguments();
        Optional<String> name = context.decodeName(append.mailbox());
        Optional<Folder> folder = name.flatMap(n -> MailboxNames.find(context.backend().store(), user.address(), n));
        if (folder.isEmpty()) {
            context.no(request.tag(), "TRYCREATE", "No such mailbox");
            return state;
        }
        Set<Flag> flags = EnumSet.noneOf(Flag.class);
        Set<String> keywords = new HashSet<>();
        for (String f : append.flags()) {
            Optional<Flag> system = Flag.fromImapName(f);
            if (system.isPresent()) {
                flags.add(system.get());
            } else if (f.startsWith("\\")) {
                if (!f.equalsIgnoreCase("\\Recent")) {
                    context.bad(request.tag(), "Unknown system flag " + f);
                    return state;
                }
            } else if (Keywords.isValid(f)) {
                keywords.add(f);
            } else {
                context.bad(request.tag(), "Invalid keyword");
                return state;
            }
        }
        Instant date = append.internalDate().map(d -> d.toInstant()).orElseGet(Instant::now);
        AppendResult result = context.backend().store().append(folder.get().id(),
                new AppendRequest(new ByteArrayInputStream(append.message()), flags, keywords, date, Optional.empty()));
        context.ok(request.tag(), "APPENDUID " + result.uidValidity() + " " + result.uid(), "APPEND completed");
        return state;
    }
}

package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.Folder;
import org.postern.core.store.StorageQuota;
import org.postern.protocols.imap.ImapRequest;

/**
 * GETQUOTAROOT mailbox (RFC 9208 section 4.2.2): the mailbox's quota roots in one QUOTAROOT
 * response, then a QUOTA response for each; {@code NO [NONEXISTENT]} for a mailbox that does not
 * exist.
 */
final class GetQuotaRootHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        String wireName = ((ImapRequest.Mailbox) request.arguments()).name();
        Optional<Folder> folder = context.decodeName(wireName)
                .flatMap(n -> MailboxNames.find(context.backend().store(), user.address(), n));
        if (folder.isEmpty()) {
            context.no(request.tag(), "NONEXISTENT", "No such mailbox");
            return state;
        }
        StorageQuota quota = context.backend().store().storageQuota(user.address());
        List<String> roots = QuotaRoots.of(quota);
        context.out().quotaRoot(wireName, roots);
        for (String root : roots) {
            context.out().quota(root, QuotaRoots.resources(quota));
        }
        context.ok(request.tag(), "GETQUOTAROOT completed");
        return state;
    }
}

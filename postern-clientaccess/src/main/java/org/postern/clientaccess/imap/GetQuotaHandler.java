package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.StorageQuota;
import org.postern.protocols.imap.ImapRequest;

/**
 * GETQUOTA quota-root (RFC 9208 section 4.2.1): the QUOTA response of the user's one root;
 * {@code NO [NONEXISTENT]} for any other name, or when no limit applies to the user (no root).
 */
final class GetQuotaHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        User user = ImapHandler.user(state);
        String root = ((ImapRequest.QuotaRoot) request.arguments()).root();
        StorageQuota quota = context.backend().store().storageQuota(user.address());
        if (!QuotaRoots.of(quota).contains(root)) {
            context.no(request.tag(), "NONEXISTENT", "No such quota root");
            return state;
        }
        context.out().quota(root, QuotaRoots.resources(quota));
        context.ok(request.tag(), "GETQUOTA completed");
        return state;
    }
}

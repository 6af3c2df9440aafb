package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/**
 * SETQUOTA (RFC 9208 section 4.2.3): refused, {@code NO [NOPERM]}. Limits are the server
 * administrator's ({@code store.quota}, {@code postern user quota}), so QUOTASET is not offered.
 */
final class SetQuotaHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.no(request.tag(), "NOPERM", "Quotas are set by the server's administrator");
        return state;
    }
}

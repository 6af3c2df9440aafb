package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/** CHECK (RFC 3501 section 6.4.1): every change is durable at its commit already; nothing to do. */
final class CheckHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.ok(request.tag(), "CHECK completed");
        return state;
    }
}

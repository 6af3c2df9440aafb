package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/** LOGOUT (RFC 3501 section 6.1.3): BYE, then the tagged OK; the session ends. */
final class LogoutHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.untagged("BYE " + context.backend().hostname() + " logging out");
        context.ok(request.tag(), "LOGOUT completed");
        return new ImapState.Logout();
    }
}

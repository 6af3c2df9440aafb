package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/** CAPABILITY (RFC 3501 section 6.1.1): computed from the command table, TLS and state. */
final class CapabilityHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        boolean authenticated = !(state instanceof ImapState.NotAuthenticated);
        context.untagged("CAPABILITY " + String.join(" ", context.capabilities(authenticated)));
        context.ok(request.tag(), "CAPABILITY completed");
        return state;
    }
}

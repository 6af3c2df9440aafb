package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/** ID (RFC 2971): the server's name; what the client says about itself is not kept. */
final class IdHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.untagged("ID (\"name\" \"Postern\" \"vendor\" \"Postern\")");
        context.ok(request.tag(), "ID completed");
        return state;
    }
}

package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/**
 * NOOP (RFC 3501 section 6.1.2): nothing but the pending untagged updates, which the
 * dispatcher sends at the end of every command.
 */
final class NoopHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.ok(request.tag(), "NOOP completed");
        return state;
    }
}

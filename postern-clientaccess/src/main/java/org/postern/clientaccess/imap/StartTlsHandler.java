package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/**
 * STARTTLS (RFC 3501 section 6.2.1, RFC 2595 section 3.1): reply, flush, drop every buffered
 * plain-text octet (CVE-2011-0411), handshake, rebuild reader and writer (style rule 6). The
 * state stays not authenticated; the client asks CAPABILITY again.
 */
final class StartTlsHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        if (!context.canStartTls()) {
            context.bad(request.tag(), "STARTTLS is not offered here");
            return state;
        }
        context.releaseTagged(); // the OK must be on the wire before the handshake
        context.ok(request.tag(), "Begin TLS negotiation now");
        context.flush();
        context.reader().discardBuffered();
        context.startTls();
        context.streams();
        return ImapState.NOT_AUTHENTICATED;
    }
}

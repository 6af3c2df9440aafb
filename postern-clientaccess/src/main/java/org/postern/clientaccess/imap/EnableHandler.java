package org.postern.clientaccess.imap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.postern.protocols.imap.ImapExtension;
import org.postern.protocols.imap.ImapRequest;

/**
 * ENABLE (RFC 5161): turns on CONDSTORE, QRESYNC (which implies CONDSTORE, RFC 7162 section
 * 3.2.3) and UTF8=ACCEPT (RFC 6855); answers ENABLED with those that were newly turned on.
 */
final class EnableHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        ImapRequest.Enable enable = (ImapRequest.Enable) request.arguments();
        List<String> turnedOn = new ArrayList<>();
        for (String name : enable.capabilities()) {
            ImapExtension e = ImapExtension.enableable(name);
            if (e != null && !context.enabled(e)) {
                context.enable(e);
                turnedOn.add(e.atom());
            }
        }
        context.untagged(turnedOn.isEmpty() ? "ENABLED" : "ENABLED " + String.join(" ", turnedOn));
        context.ok(request.tag(), "ENABLE completed");
        return state;
    }
}

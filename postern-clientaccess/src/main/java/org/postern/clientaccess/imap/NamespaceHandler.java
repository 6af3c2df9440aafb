package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.core.store.FolderPath;
import org.postern.protocols.imap.ImapRequest;

/** NAMESPACE (RFC 2342): one personal namespace at the root, {@code /} as delimiter; no shared ones. */
final class NamespaceHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.untagged("NAMESPACE ((\"\" \"" + FolderPath.DELIMITER + "\")) NIL NIL");
        context.ok(request.tag(), "NAMESPACE completed");
        return state;
    }
}

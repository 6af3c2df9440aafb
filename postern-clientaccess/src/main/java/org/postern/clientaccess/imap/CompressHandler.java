package org.postern.clientaccess.imap;

import java.io.IOException;
import org.postern.protocols.imap.ImapRequest;

/**
 * COMPRESS DEFLATE (RFC 4978): the tagged OK goes out uncompressed, then both directions are
 * raw DEFLATE until the connection ends. Only once per connection ({@code NO
 * [COMPRESSIONACTIVE]}, RFC 4978 section 3).
 */
final class CompressHandler implements ImapHandler {
    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        ImapRequest.Compress compress = (ImapRequest.Compress) request.arguments();
        if (!compress.mechanism().equals("DEFLATE")) {
            context.bad(request.tag(), "Unknown compression mechanism");
            return state;
        }
        if (context.compressed()) {
            context.no(request.tag(), "COMPRESSIONACTIVE", "DEFLATE is active already");
            return state;
        }
        context.releaseTagged(); // the OK must go out before compression starts
        context.ok(request.tag(), "DEFLATE active");
        context.flush();
        context.compress();
        return state;
    }
}

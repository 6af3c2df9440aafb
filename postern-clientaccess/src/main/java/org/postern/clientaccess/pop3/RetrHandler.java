package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.postern.core.store.Flag;
import org.postern.core.store.FlagUpdate;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidSet;
import org.postern.protocols.pop3.MultiLineOutputStream;
import org.postern.protocols.pop3.Pop3Request;
import org.postern.protocols.pop3.TopOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RETR msg and TOP msg n (RFC 1939 sections 5 and 7), one handler with a flag (style rule 2):
 * the stored octets, streamed unchanged but for dot-stuffing ({@link MultiLineOutputStream});
 * TOP only the header and {@code n} body lines ({@link TopOutputStream}). RETR marks the
 * message {@code \Seen}, as an IMAP client of the same mailbox expects; TOP does not.
 */
final class RetrHandler implements Pop3Handler.InTransaction {

    private static final Logger LOG = LoggerFactory.getLogger(RetrHandler.class);

    private final boolean top;

    RetrHandler(boolean top) {
        this.top = top;
    }

    @Override
    public Pop3State handle(Pop3Request request, Pop3State.Transaction state, Pop3Context context) throws IOException {
        Maildrop maildrop = state.maildrop();
        Optional<Maildrop.Message> found = maildrop.message(request.number(0));
        if (found.isEmpty()) {
            context.err("No such message");
            return state;
        }
        Maildrop.Message message = found.get();
        // Opened before +OK, so a message another client removed still gets a clean -ERR.
        try (InputStream content = context.backend().store().openContent(maildrop.folder(), message.uid())) {
            context.ok(top ? "Top of message follows" : message.size() + " octets");
            MultiLineOutputStream body = new MultiLineOutputStream(context.output());
            OutputStream sink = top ? new TopOutputStream(body, request.number(1)) : body;
            byte[] buffer = new byte[16 * 1024];
            for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
                sink.write(buffer, 0, n);
                if (sink instanceof TopOutputStream t && t.done()) {
                    break;
                }
            }
            body.finish();
        }
        if (!top) {
            try {
                context.backend().store().storeFlags(maildrop.folder(), UidSet.of(message.uid()), FlagUpdate.add(Flag.SEEN), Optional.empty());
            } catch (StoreException e) {
                LOG.debug("pop3: could not set \\Seen on {} UID {}: {}", maildrop.owner(), message.uid(), e.getMessage());
            }
        }
        return state;
    }
}

package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.util.List;
import org.postern.core.store.StoreException;
import org.postern.core.store.UidSet;
import org.postern.protocols.pop3.Pop3Request;
import org.postern.protocols.pop3.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * QUIT (RFC 1939 sections 4 and 6). In TRANSACTION it enters UPDATE: the messages marked
 * deleted are expunged from the Inbox now, and only now — a session that ends any other way
 * removes nothing. The lock is released after UPDATE (or, for any other end, by the session).
 */
final class QuitHandler implements Pop3Handler {

    private static final Logger LOG = LoggerFactory.getLogger(QuitHandler.class);

    @Override
    public Pop3State handle(Pop3Request request, Pop3State state, Pop3Context context) throws IOException {
        switch (state) {
            case Pop3State.Authorization a -> context.ok("Bye");
            case Pop3State.Transaction t -> {
                try {
                    update(t, context);
                } finally {
                    t.lock().close();
                }
            }
            case Pop3State.Closed c -> throw new IllegalStateException("QUIT after the end");
        }
        return new Pop3State.Closed();
    }

    private static void update(Pop3State.Transaction t, Pop3Context context) throws IOException {
        Maildrop maildrop = t.maildrop();
        List<Long> uids = maildrop.deletedUids();
        if (uids.isEmpty()) {
            context.ok("Bye");
            return;
        }
        try {
            List<Long> removed = context.backend().store().expunge(maildrop.folder(), UidSet.of(uids));
            context.ok("Bye, " + removed.size() + " messages deleted");
        } catch (StoreException e) {
            LOG.warn("pop3: UPDATE of {} failed: {}", maildrop.owner(), e.getMessage());
            context.err(ResponseCode.SYS_TEMP, "Some deleted messages were not removed");
        }
    }
}

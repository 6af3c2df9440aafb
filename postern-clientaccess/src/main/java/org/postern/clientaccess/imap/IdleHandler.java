package org.postern.clientaccess.imap;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postern.core.store.StoreException;
import org.postern.protocols.imap.ImapRequest;
import org.postern.protocols.io.LineResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IDLE (RFC 2177): a continuation request, then untagged updates as they happen until the
 * client sends DONE. The session thread blocks reading the client; a second virtual thread
 * waits on the selected folder's change signal ({@link SelectedFolder#awaitChange}, fired by
 * the store's in-process notifier right after a commit) and, as a fallback for changes made by
 * another process, looks at the store every {@link org.postern.protocols.imap.ImapLimits#fallbackPoll()}.
 * Only that thread writes while idling; the session thread takes the folder back after joining it.
 */
final class IdleHandler implements ImapHandler {

    private static final Logger LOG = LoggerFactory.getLogger(IdleHandler.class);

    @Override
    public ImapState handle(ImapRequest request, ImapState state, ImapContext context) throws IOException {
        context.out().continuation("idling");
        context.flush();
        SelectedFolder folder = state instanceof ImapState.Selected s ? s.folder() : null;
        AtomicBoolean done = new AtomicBoolean();
        Thread watcher = folder == null ? null : Thread.ofVirtual().name("imap-idle").start(() -> watch(folder, context, done));
        LineResult line;
        try {
            line = context.readLine(1024);
        } finally {
            done.set(true);
            if (watcher != null) {
                folder.wake();
                try {
                    watcher.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        switch (line) {
            case LineResult.EndOfStream e -> throw new EOFException("peer closed during IDLE");
            case LineResult.TooLong t -> context.bad(request.tag(), "Expected DONE");
            case LineResult.Line l -> {
                if (new String(l.bytes(), StandardCharsets.US_ASCII).trim().equalsIgnoreCase("DONE")) {
                    context.ok(request.tag(), "IDLE terminated");
                } else {
                    context.bad(request.tag(), "Expected DONE");
                }
            }
        }
        return state;
    }

    private static void watch(SelectedFolder folder, ImapContext context, AtomicBoolean done) {
        long poll = context.backend().limits().fallbackPoll().toMillis();
        try {
            while (!done.get()) {
                folder.awaitChange(poll);
                if (done.get()) {
                    return;
                }
                try {
                    folder.refresh(context.out(), true, context.condstore(), context.qresync());
                    context.flush();
                } catch (StoreException e) {
                    LOG.debug("imap {}: refresh during IDLE failed: {}", context.connection(), e.getMessage());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.debug("imap {}: write during IDLE failed: {}", context.connection(), e.getMessage());
        }
    }
}

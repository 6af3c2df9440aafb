package org.postern.clientaccess.pop3;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.postern.core.store.FolderId;

/**
 * The exclusive-access lock on a maildrop that RFC 1939 section 8 asks of a POP3 server, per
 * Inbox, held from login to the end of the session. In-process: every POP3 listener of one
 * server shares one instance. A second session gets {@code -ERR [IN-USE]} (RFC 2449 section 8.1.1).
 */
public final class MaildropLocks {

    private final Set<FolderId> held = ConcurrentHashMap.newKeySet();

    /** A held lock; closing releases it (once). */
    public final class Lease implements AutoCloseable {
        private final FolderId folder;
        private boolean released;

        private Lease(FolderId folder) {
            this.folder = folder;
        }

        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                held.remove(folder);
            }
        }
    }

    /** Takes the lock, or empty when another session holds it. */
    public Optional<Lease> tryLock(FolderId folder) {
        return held.add(folder) ? Optional.of(new Lease(folder)) : Optional.empty();
    }

    /** Maildrops locked now. */
    public int held() {
        return held.size();
    }
}

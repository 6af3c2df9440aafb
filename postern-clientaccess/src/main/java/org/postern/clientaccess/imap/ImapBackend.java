package org.postern.clientaccess.imap;

import java.util.Objects;
import org.postern.auth.Authenticator;
import org.postern.core.store.MailboxStore;
import org.postern.core.work.LongWork;
import org.postern.protocols.imap.ImapLimits;

/**
 * What every IMAP session of a server shares: the authentication layer, the mailbox store,
 * the limits, the per-user session count, the name the server greets with, and the pool that
 * runs a command's long scans off the virtual threads' carriers ({@link LongWork}, ADR 0021).
 */
public record ImapBackend(Authenticator authenticator, MailboxStore store, ImapLimits limits, UserSessions sessions,
                          String hostname, LongWork longWork) {
    public ImapBackend {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(longWork, "longWork");
    }

    /** With the process's shared {@link LongWork} pool. */
    public ImapBackend(Authenticator authenticator, MailboxStore store, ImapLimits limits, UserSessions sessions, String hostname) {
        this(authenticator, store, limits, sessions, hostname, LongWork.shared());
    }
}

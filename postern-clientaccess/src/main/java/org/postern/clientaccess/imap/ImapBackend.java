package org.postern.clientaccess.imap;

import java.util.Objects;
import org.postern.auth.Authenticator;
import org.postern.core.store.MailboxStore;
import org.postern.protocols.imap.ImapLimits;

/**
 * What every IMAP session of a server shares: the authentication layer, the mailbox store,
 * the limits, the per-user session count and the name the server greets with.
 */
public record ImapBackend(Authenticator authenticator, MailboxStore store, ImapLimits limits, UserSessions sessions,
                          String hostname) {
    public ImapBackend {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(hostname, "hostname");
    }
}

package org.postern.clientaccess.pop3;

import java.util.Objects;
import org.postern.auth.Authenticator;
import org.postern.core.store.MailboxStore;
import org.postern.protocols.pop3.Pop3Limits;

/**
 * What every POP3 session of a server shares: the authentication layer, the mailbox store, the
 * maildrop locks, the limits and the name the server greets with.
 */
public record Pop3Backend(Authenticator authenticator, MailboxStore store, MaildropLocks locks, Pop3Limits limits,
                          String hostname) {
    public Pop3Backend {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(locks, "locks");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(hostname, "hostname");
    }
}

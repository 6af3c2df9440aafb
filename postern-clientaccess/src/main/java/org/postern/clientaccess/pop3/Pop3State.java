package org.postern.clientaccess.pop3;

import java.util.Objects;
import java.util.Optional;
import org.postern.core.directory.Recipient.User;

/**
 * The state of a POP3 session (RFC 1939 section 3), as a sum type (style rule 4): a
 * {@link Transaction} cannot exist without its locked maildrop. UPDATE is what QUIT does in
 * TRANSACTION; its end, like any other, is {@link Closed}.
 */
sealed interface Pop3State {

    /**
     * AUTHORIZATION (RFC 1939 section 4).
     *
     * @param user the name given by USER, waiting for PASS
     */
    record Authorization(Optional<String> user) implements Pop3State {
        static final Authorization FRESH = new Authorization(Optional.empty());

        public Authorization {
            Objects.requireNonNull(user, "user");
        }
    }

    /** TRANSACTION (RFC 1939 section 5): logged in, the Inbox locked and numbered. */
    record Transaction(User user, Maildrop maildrop, MaildropLocks.Lease lock) implements Pop3State {
        public Transaction {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(maildrop, "maildrop");
            Objects.requireNonNull(lock, "lock");
        }
    }

    /** The session is over: after QUIT, or when the budget of bad commands is spent. */
    record Closed() implements Pop3State {
    }
}

package org.postern.clientaccess.imap;

import java.util.Objects;
import org.postern.core.directory.Recipient.User;
import org.postern.protocols.imap.ImapPhase;

/**
 * The state of an IMAP session (RFC 3501 section 3), as a sum type (style rule 4): a
 * {@link Selected} state cannot exist without its folder snapshot.
 */
sealed interface ImapState {

    record NotAuthenticated() implements ImapState {
    }

    record Authenticated(User user, UserSessions.Lease lease) implements ImapState {
        public Authenticated {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(lease, "lease");
        }
    }

    /** A folder is selected; {@code folder} numbers its messages and follows its changes. */
    record Selected(User user, UserSessions.Lease lease, SelectedFolder folder) implements ImapState {
        public Selected {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(folder, "folder");
        }

        Authenticated deselect() {
            return new Authenticated(user, lease);
        }
    }

    /** After LOGOUT or BYE. */
    record Logout() implements ImapState {
    }

    ImapState NOT_AUTHENTICATED = new NotAuthenticated();

    /** The phase the command table speaks of. */
    static ImapPhase phase(ImapState state) {
        return switch (state) {
            case NotAuthenticated n -> ImapPhase.NOT_AUTHENTICATED;
            case Authenticated a -> ImapPhase.AUTHENTICATED;
            case Selected s -> ImapPhase.SELECTED;
            case Logout l -> throw new IllegalStateException("the session is over");
        };
    }
}

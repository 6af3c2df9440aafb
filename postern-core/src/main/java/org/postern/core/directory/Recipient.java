package org.postern.core.directory;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.postern.core.address.EmailAddress;

/**
 * What an address in an accepted domain names: a mailbox {@link User}, an {@link Alias} that
 * delivers to another recipient, or a {@link DistributionGroup} whose members are addresses.
 * Exactly one kind per address: addresses are unique across users, aliases and groups,
 * compared by {@link EmailAddress#canonical()}.
 */
public sealed interface Recipient permits Recipient.User, Recipient.Alias, Recipient.DistributionGroup {

    /** The address this recipient is known by. */
    EmailAddress address();

    /**
     * A mailbox owner.
     *
     * @param id          stable identity, kept when addresses change (the store keys mailboxes by it)
     * @param address     the primary SMTP address
     * @param displayName the name shown in address books and in {@code From} displays
     * @param login       the name the user signs in with, in lower case (the embedded directory uses the canonical address)
     */
    record User(UUID id, EmailAddress address, String displayName, String login) implements Recipient {
        public User {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(displayName, "displayName");
            Objects.requireNonNull(login, "login");
        }
    }

    /**
     * A second address that delivers to another recipient (a user or a group).
     *
     * @param address the alias address
     * @param target  the address it delivers to
     */
    record Alias(EmailAddress address, EmailAddress target) implements Recipient {
        public Alias {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(target, "target");
        }
    }

    /**
     * A distribution group: mail to its address goes to every member. Members are addresses of
     * users, aliases, other groups, or external addresses (domains not accepted here).
     *
     * @param address     the group's address
     * @param displayName the name shown in address books
     * @param members     member addresses, in the order they were added
     */
    record DistributionGroup(EmailAddress address, String displayName, List<EmailAddress> members) implements Recipient {
        public DistributionGroup {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(displayName, "displayName");
            members = List.copyOf(members);
        }
    }
}

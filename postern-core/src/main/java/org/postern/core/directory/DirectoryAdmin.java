package org.postern.core.directory;

import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

/**
 * Changes to the embedded directory, as the {@code postern user/domain/alias/group} commands
 * make them. Addresses and domains are taken as the administrator typed them and checked
 * here; every refusal is a {@link DirectoryException} whose reason says why and whose message
 * is one line to print as it is. Each method is one durable transaction.
 *
 * <p>Addresses are unique across users, aliases and groups, compared case-insensitively
 * ({@link org.postern.core.address.EmailAddress#canonical()}). Users, aliases and groups live
 * in accepted domains only; group members may also be external addresses.
 */
public interface DirectoryAdmin extends Directory {

    /** Accepts mail for a domain. DUPLICATE if it is already accepted; INVALID if it is not a domain name. */
    void addDomain(String domain);

    /** Stops accepting a domain. NOT_FOUND if it is not accepted; IN_USE while it has users, aliases or groups. */
    void removeDomain(String domain);

    /**
     * Adds a mailbox user.
     *
     * @param address     the primary address; its domain must be accepted (UNKNOWN_DOMAIN)
     * @param displayName the display name; null or blank means the address's local part
     * @param password    the password, or null for a user who cannot sign in yet; not kept
     * @return the new user
     */
    User addUser(String address, String displayName, char[] password);

    /** Sets a user's password (hashed; the clear text is not kept). NOT_FOUND if there is no such user. */
    void setPassword(String address, char[] password);

    /** Removes a user, the aliases that deliver to it, and its group memberships. NOT_FOUND if there is no such user. */
    void removeUser(String address);

    /**
     * Adds an alias delivering to an existing user or group.
     * UNKNOWN_DOMAIN, DUPLICATE; NOT_FOUND if the target does not exist; INVALID if the target is itself an alias.
     */
    Alias addAlias(String address, String target);

    /** Removes an alias and its group memberships. NOT_FOUND if there is no such alias. */
    void removeAlias(String address);

    /** Adds an empty distribution group. UNKNOWN_DOMAIN, DUPLICATE, INVALID. */
    DistributionGroup addGroup(String address, String displayName);

    /** Removes a group, the aliases that deliver to it, and its memberships in other groups. NOT_FOUND if there is no such group. */
    void removeGroup(String address);

    /**
     * Adds a member to a group: a user, alias or group here, or an external address.
     * NOT_FOUND if the group does not exist, or the member is in an accepted domain and does not
     * exist; DUPLICATE if it is already a member; INVALID if it is the group itself.
     */
    void addMember(String group, String member);

    /** Removes a member from a group. NOT_FOUND if the group does not exist or the address is not a member. */
    void removeMember(String group, String member);
}

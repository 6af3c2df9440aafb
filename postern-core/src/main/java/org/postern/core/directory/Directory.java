package org.postern.core.directory;

import java.util.List;
import java.util.Optional;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

/**
 * The read side of the directory, which every role uses: accepted domains, recipients and
 * credentials. The embedded directory implements it over SQL; an external directory (LDAP,
 * Kerberos) can implement it too.
 *
 * <p>Answers are current: a change made by another process (the {@code postern} command line)
 * is visible to the next call. Methods block and may throw an unchecked exception when the
 * directory cannot be reached; callers answer that as a temporary failure.
 */
public interface Directory {

    /**
     * Whether mail for this domain is accepted here (the reference's accepted domains).
     * A name that is not a domain name is simply not accepted.
     */
    boolean isAcceptedDomain(String domain);

    /** The accepted domains, normalized (lower case), sorted. */
    List<String> acceptedDomains();

    /** What the address names here; empty when it names nothing (unknown, or not in an accepted domain). */
    Optional<Recipient> resolve(EmailAddress address);

    /** The user whose primary address this is; aliases are not followed (use {@link #resolve}). */
    Optional<User> findUser(EmailAddress address);

    /** The user who signs in with this login (compared case-insensitively). */
    Optional<User> findUserByLogin(String login);

    /** Every user, sorted by address. */
    List<User> users();

    /** Every alias, sorted by address. */
    List<Alias> aliases();

    /** Every distribution group with its members, sorted by address. */
    List<DistributionGroup> groups();

    /** The user's own addresses: the primary address first, then the aliases that deliver to it. */
    List<EmailAddress> addressesOf(User user);

    /**
     * Checks a login and password. Returns the user when the password is right; empty when it
     * is wrong, the user has no password, or there is no such user. The work done, and so the
     * time taken, is the same in each case, so the answer's timing does not reveal which
     * logins exist. The caller keeps ownership of {@code password} (and should wipe it).
     */
    Optional<User> authenticate(String login, char[] password);

    /**
     * The user's NT hash (MD4 of the UTF-16LE password, MS-NLMP section 3.3.1), for NTLM;
     * present only when NTLM is enabled and the hash is known. Returns a fresh copy.
     */
    Optional<byte[]> ntHash(User user);

    /**
     * The user's SCRAM-SHA-256 verifier (RFC 5802 section 3), for that mechanism; empty when the
     * directory keeps none for this user (a password set before verifiers were kept, until the
     * user's next sign-in with the password) or keeps none at all (the default).
     */
    default Optional<ScramVerifier> scramSha256(User user) {
        return Optional.empty();
    }
}

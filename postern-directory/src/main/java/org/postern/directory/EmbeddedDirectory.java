package org.postern.directory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.postern.core.address.DomainName;
import org.postern.core.address.EmailAddress;
import org.postern.core.address.InvalidAddressException;
import org.postern.core.directory.DirectoryAdmin;
import org.postern.core.directory.DirectoryException;
import org.postern.core.directory.DirectoryException.Reason;
import org.postern.core.directory.Recipient;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;
import org.postern.core.directory.ScramVerifier;
import org.postern.directory.KeptAnswers.Question;
import org.postern.directory.password.PasswordHasher;
import org.postern.sql.Database;

/**
 * The embedded directory: accepted domains, users, aliases, distribution groups and their
 * credentials in one SQL database (by default the SQLite file {@code <data>/directory.db}).
 *
 * <p>A change made by another process on the same file (the {@code postern} command line
 * while the server runs) is seen by the next call: the frequent questions of mail flow
 * (accepted domain, recipient, user by address) are answered from {@link KeptAnswers}, which
 * drops every answer once anything is committed to the database; the others are one short
 * read each. Every change is one durable transaction. Passwords are kept only as
 * Argon2id hashes (RFC 9106, PHC string format), as SCRAM-SHA-256 verifiers (RFC 5802, RFC 5803
 * text form; ADR 0022), and as NT hashes (MS-NLMP) only while NTLM is enabled. See {@code docs/adr/0003-directory.md}.
 */
public final class EmbeddedDirectory implements DirectoryAdmin {

    /** The component name: Flyway history {@code flyway_directory}, migrations under {@code db/directory/}. */
    public static final String COMPONENT = "directory";

    private final Database database;
    private final DirectorySettings settings;
    private final CredentialStore credentials;
    private final KeptAnswers kept;

    private EmbeddedDirectory(Database database, DirectorySettings settings) {
        this.database = database;
        this.kept = new KeptAnswers(database.changeCounter());
        this.settings = settings;
        this.credentials = new CredentialStore(database, new PasswordHasher(settings.argon2()), settings.ntlmEnabled(),
                settings.scramIterations());
    }

    /**
     * Opens the directory on a database: brings its schema up to date and, with NTLM off,
     * erases any NT hash stored earlier. The caller keeps and closes the database.
     */
    public static EmbeddedDirectory open(Database database, DirectorySettings settings) {
        database.migrate(COMPONENT);
        EmbeddedDirectory directory = new EmbeddedDirectory(database, settings);
        directory.credentials.eraseNtHashesUnlessEnabled();
        return directory;
    }

    public DirectorySettings settings() {
        return settings;
    }

    // ---- read side ----

    @Override
    public boolean isAcceptedDomain(String domain) {
        String name;
        try {
            name = DomainName.normalize(domain);
        } catch (InvalidAddressException e) {
            return false;
        }
        return kept.answer(Question.ACCEPTED_DOMAIN, name, () -> database.read(c -> DomainRows.exists(c, name)));
    }

    @Override
    public List<String> acceptedDomains() {
        return kept.answer(Question.ACCEPTED_DOMAINS, "", () -> List.copyOf(database.read(DomainRows::list)));
    }

    @Override
    public Optional<Recipient> resolve(EmailAddress address) {
        return kept.answer(Question.RECIPIENT, address.canonical(), () -> database.read(c -> {
            Optional<AddressKind> kind = AddressRows.kind(c, address);
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            return switch (kind.get()) {
                case USER -> UserRows.byAddress(c, address).map(Recipient.class::cast);
                case ALIAS -> AliasRows.byAddress(c, address).map(Recipient.class::cast);
                case GROUP -> GroupRows.byAddress(c, address).map(Recipient.class::cast);
            };
        }));
    }

    @Override
    public Optional<User> findUser(EmailAddress address) {
        return kept.answer(Question.USER, address.canonical(), () -> database.read(c -> UserRows.byAddress(c, address)));
    }

    @Override
    public Optional<User> findUserByLogin(String login) {
        if (login == null || login.isBlank()) {
            return Optional.empty();
        }
        return database.read(c -> UserRows.byLogin(c, AdminInput.login(login))).map(UserRows.StoredLogin::user);
    }

    @Override
    public List<User> users() {
        return database.read(UserRows::list);
    }

    @Override
    public List<Alias> aliases() {
        return database.read(AliasRows::list);
    }

    @Override
    public List<DistributionGroup> groups() {
        return database.read(GroupRows::list);
    }

    @Override
    public List<EmailAddress> addressesOf(User user) {
        List<EmailAddress> addresses = new ArrayList<>();
        addresses.add(user.address());
        database.read(c -> AliasRows.targeting(c, user.address())).forEach(alias -> addresses.add(alias.address()));
        return addresses;
    }

    @Override
    public Optional<User> authenticate(String login, char[] password) {
        return credentials.authenticate(login, password);
    }

    @Override
    public Optional<byte[]> ntHash(User user) {
        return credentials.ntHash(user);
    }

    @Override
    public Optional<ScramVerifier> scramSha256(User user) {
        return credentials.scramSha256(user);
    }

    // ---- domains ----

    @Override
    public void addDomain(String domain) {
        String name = AdminInput.domain(domain);
        database.write(c -> {
            if (DomainRows.exists(c, name)) {
                throw new DirectoryException(Reason.DUPLICATE, "domain " + name + " is already accepted");
            }
            DomainRows.insert(c, name);
            return null;
        });
    }

    @Override
    public void removeDomain(String domain) {
        String name = AdminInput.domain(domain);
        database.write(c -> {
            if (!DomainRows.exists(c, name)) {
                throw new DirectoryException(Reason.NOT_FOUND, "domain " + name + " is not an accepted domain");
            }
            int used = DomainRows.addressCount(c, name);
            if (used > 0) {
                throw new DirectoryException(Reason.IN_USE, "domain " + name + " still has " + used
                        + (used == 1 ? " user, alias or group" : " users, aliases or groups") + "; remove them first");
            }
            DomainRows.delete(c, name);
            return null;
        });
    }

    // ---- users ----

    @Override
    public User addUser(String address, String displayName, char[] password) {
        EmailAddress email = AdminInput.address(address);
        User user = new User(UUID.randomUUID(), email, AdminInput.displayName(displayName, email), email.canonical());
        CredentialStore.Secrets secrets = null;
        if (password != null) {
            AdminInput.password(password);
            secrets = credentials.secretsFor(password);
        }
        String hash = secrets == null ? null : secrets.passwordHash();
        byte[] nt = secrets == null ? null : secrets.ntHash();
        String scram = secrets == null ? null : secrets.scram();
        try {
            database.write(c -> {
                claim(c, email, AddressKind.USER);
                UserRows.insert(c, user, hash, nt, scram);
                return null;
            });
        } finally {
            wipe(nt);
        }
        return user;
    }

    @Override
    public void setPassword(String address, char[] password) {
        EmailAddress email = AdminInput.address(address);
        AdminInput.password(password);
        CredentialStore.Secrets secrets = credentials.secretsFor(password);
        try {
            database.write(c -> {
                require(c, email, AddressKind.USER);
                return UserRows.setPassword(c, email, secrets.passwordHash(), secrets.ntHash(), secrets.scram());
            });
        } finally {
            wipe(secrets.ntHash());
        }
    }

    @Override
    public void removeUser(String address) {
        remove(AdminInput.address(address), AddressKind.USER);
    }

    // ---- aliases ----

    @Override
    public Alias addAlias(String address, String target) {
        EmailAddress email = AdminInput.address(address);
        EmailAddress to = AdminInput.address(target);
        if (email.canonical().equals(to.canonical())) {
            throw new DirectoryException(Reason.INVALID, "alias " + email + " cannot deliver to itself");
        }
        return database.write(c -> {
            claimable(c, email);
            Optional<AddressKind> kind = AddressRows.kind(c, to);
            if (kind.isEmpty()) {
                throw new DirectoryException(Reason.NOT_FOUND, "no user or group " + to);
            }
            if (kind.get() == AddressKind.ALIAS) {
                throw new DirectoryException(Reason.INVALID, to + " is itself an alias; point " + email + " at a user or group");
            }
            AddressRows.insert(c, email, AddressKind.ALIAS);
            AliasRows.insert(c, email, to);
            return AliasRows.byAddress(c, email).orElseThrow();
        });
    }

    @Override
    public void removeAlias(String address) {
        remove(AdminInput.address(address), AddressKind.ALIAS);
    }

    // ---- groups ----

    @Override
    public DistributionGroup addGroup(String address, String displayName) {
        EmailAddress email = AdminInput.address(address);
        String name = AdminInput.displayName(displayName, email);
        database.write(c -> {
            claim(c, email, AddressKind.GROUP);
            GroupRows.insert(c, email, name);
            return null;
        });
        return new DistributionGroup(email, name, List.of());
    }

    @Override
    public void removeGroup(String address) {
        remove(AdminInput.address(address), AddressKind.GROUP);
    }

    @Override
    public void addMember(String group, String member) {
        EmailAddress groupAddress = AdminInput.address(group);
        EmailAddress memberAddress = AdminInput.address(member);
        if (groupAddress.canonical().equals(memberAddress.canonical())) {
            throw new DirectoryException(Reason.INVALID, "group " + groupAddress + " cannot be a member of itself");
        }
        database.write(c -> {
            require(c, groupAddress, AddressKind.GROUP);
            if (DomainRows.exists(c, memberAddress.domain()) && AddressRows.kind(c, memberAddress).isEmpty()) {
                throw new DirectoryException(Reason.NOT_FOUND, "no user, alias or group " + memberAddress
                        + " (its domain is accepted here)");
            }
            if (GroupRows.isMember(c, groupAddress, memberAddress)) {
                throw new DirectoryException(Reason.DUPLICATE, memberAddress + " is already a member of " + groupAddress);
            }
            GroupRows.addMember(c, groupAddress, memberAddress);
            return null;
        });
    }

    @Override
    public void removeMember(String group, String member) {
        EmailAddress groupAddress = AdminInput.address(group);
        EmailAddress memberAddress = AdminInput.address(member);
        database.write(c -> {
            require(c, groupAddress, AddressKind.GROUP);
            if (!GroupRows.removeMember(c, groupAddress, memberAddress)) {
                throw new DirectoryException(Reason.NOT_FOUND, memberAddress + " is not a member of " + groupAddress);
            }
            return null;
        });
    }

    // ---- shared checks, inside a write transaction ----

    /** Checks that the address can be taken, then takes it for a new entry of this kind. */
    private static void claim(Connection c, EmailAddress address, AddressKind kind) throws SQLException {
        claimable(c, address);
        AddressRows.insert(c, address, kind);
    }

    /** UNKNOWN_DOMAIN if the address is not in an accepted domain; DUPLICATE if it is taken. */
    private static void claimable(Connection c, EmailAddress address) throws SQLException {
        if (!DomainRows.exists(c, address.domain())) {
            throw new DirectoryException(Reason.UNKNOWN_DOMAIN, address.domain() + " is not an accepted domain");
        }
        Optional<AddressKind> taken = AddressRows.kind(c, address);
        if (taken.isPresent()) {
            throw new DirectoryException(Reason.DUPLICATE, address + " is already " + taken.get().withArticle());
        }
    }

    /** NOT_FOUND unless the address names an entry of this kind. */
    private static void require(Connection c, EmailAddress address, AddressKind kind) throws SQLException {
        Optional<AddressKind> found = AddressRows.kind(c, address);
        if (found.isEmpty()) {
            throw new DirectoryException(Reason.NOT_FOUND, "no " + kind.noun() + " " + address);
        }
        if (found.get() != kind) {
            throw new DirectoryException(Reason.NOT_FOUND, address + " is " + found.get().withArticle() + ", not " + kind.withArticle());
        }
    }

    private void remove(EmailAddress address, AddressKind kind) {
        database.write(c -> {
            require(c, address, kind);
            AddressRows.delete(c, address);
            return null;
        });
    }

    private static void wipe(byte[] secret) {
        if (secret != null) {
            Arrays.fill(secret, (byte) 0);
        }
    }
}

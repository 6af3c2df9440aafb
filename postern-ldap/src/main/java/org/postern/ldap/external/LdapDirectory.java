package org.postern.ldap.external;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.util.ssl.PEMFileTrustManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStoreException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.auth.GssapiInitiator;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.ExternalLdapConfig;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

/**
 * An external LDAP directory (OpenLDAP, Active Directory) as Postern's {@link Directory}:
 * users, their extra addresses (read as aliases) and distribution groups come from it, and a
 * password is right when the directory accepts a bind as that user. Read-only: users are
 * managed in the directory itself. The accepted domains stay Postern's own (the directory
 * given as {@code domains}, the embedded one), as Exchange keeps them apart from the users.
 *
 * <p>Every answer goes through a {@link LookupCache}: while the directory does not answer,
 * known recipients are still resolved and unknown ones raise
 * {@link org.postern.core.directory.DirectoryUnavailableException}, which SMTP answers with
 * {@code 451 4.4.3} — never with a permanent refusal.
 */
public final class LdapDirectory implements Directory, AutoCloseable {

    private static final int MAX_CACHED = 100_000;

    /** What one address or login names there, with the entry's DN and every address of it. */
    private record Found(Recipient recipient, String dn, List<EmailAddress> addresses) {
    }

    private final LdapConnector connector;
    private final String base;
    private final Directory domains;
    private final LookupCache<String, Optional<Found>> byAddress;
    private final LookupCache<String, Optional<Found>> byLogin;
    private final LookupCache<String, Optional<EmailAddress>> byDn;
    private final LookupCache<String, List<Found>> everyone;

    LdapDirectory(LdapConnector connector, String base, Directory domains, Duration timeToLive, Clock clock) {
        this.connector = connector;
        this.base = base;
        this.domains = domains;
        this.byAddress = new LookupCache<>(timeToLive, MAX_CACHED, clock);
        this.byLogin = new LookupCache<>(timeToLive, MAX_CACHED, clock);
        this.byDn = new LookupCache<>(timeToLive, MAX_CACHED, clock);
        this.everyone = new LookupCache<>(timeToLive, 2, clock);
    }

    /**
     * Opens the directory the configuration names; nothing is asked yet (it may be down now).
     *
     * @param dataFolder where relative file names of the configuration are read
     * @param domains    the accepted domains' source
     */
    public static LdapDirectory open(ExternalLdapConfig config, Path dataFolder, Directory domains) throws IOException {
        return open(config, dataFolder, domains, Optional.empty());
    }

    /**
     * As {@link #open(ExternalLdapConfig, Path, Directory)}, with this server's Kerberos identity
     * for {@code bind: gssapi} (its {@code host/} principal and the realm's keytab).
     */
    public static LdapDirectory open(ExternalLdapConfig config, Path dataFolder, Directory domains,
            Optional<GssapiInitiator> serviceIdentity) throws IOException {
        PEMFileTrustManager trust = null;
        if (config.caFile() != null) {
            try {
                trust = new PEMFileTrustManager(dataFolder.resolve(config.caFile()).toFile());
            } catch (KeyStoreException e) {
                throw new IOException("directory.ldap.ca_file cannot be read: " + e.getMessage(), e);
            }
        }
        Optional<com.unboundid.ldap.sdk.BindRequest> bind = Optional.empty();
        if (config.gssapiBind()) {
            GssapiInitiator identity = serviceIdentity.orElseThrow(() -> new IOException(
                    "bind gssapi needs this server's host/ principal in the Kerberos realm's keytab"));
            bind = Optional.of(new GssapiServiceBind(identity, config.host()));
        } else if (config.bindDn() != null) {
            String password = Files.readString(dataFolder.resolve(config.bindPasswordFile()), StandardCharsets.UTF_8).strip();
            bind = Optional.of(new SimpleBindRequest(config.bindDn(), password));
        }
        LdapConnector connector = new LdapConnector(config.host(), config.port(), config.implicitTls(),
                LdapConnector.clientContext(trust), bind);
        return new LdapDirectory(connector, config.baseDn(), domains, Duration.ofSeconds(config.cacheSeconds()),
                Clock.systemUTC());
    }

    @Override
    public boolean isAcceptedDomain(String domain) {
        return domains.isAcceptedDomain(domain);
    }

    @Override
    public List<String> acceptedDomains() {
        return domains.acceptedDomains();
    }

    @Override
    public Optional<Recipient> resolve(EmailAddress address) {
        if (!domains.isAcceptedDomain(address.domain())) {
            return Optional.empty();
        }
        return lookUp(address).map(Found::recipient);
    }

    private Optional<Found> lookUp(EmailAddress address) {
        return byAddress.get(address.canonical(), () -> connector.search(base, LdapSchema.byAddress(address.toString()),
                LdapSchema.ATTRIBUTES).stream().findFirst().flatMap(e -> found(e, address)));
    }

    /** The entry as the recipient this address names: the entry itself at its primary address, else an alias of it. */
    private Optional<Found> found(SearchResultEntry e, EmailAddress asked) {
        List<EmailAddress> addresses = LdapSchema.addresses(e);
        if (addresses.isEmpty()) {
            return Optional.empty();
        }
        EmailAddress primary = addresses.getFirst();
        Recipient itself = LdapSchema.isGroup(e)
                ? new DistributionGroup(primary, LdapSchema.displayName(e, primary), members(e))
                : new User(LdapSchema.id(e), primary, LdapSchema.displayName(e, primary), LdapSchema.login(e, primary));
        Recipient named = asked == null || asked.canonical().equals(primary.canonical()) ? itself : new Alias(asked, primary);
        return Optional.of(new Found(named, e.getDN(), addresses));
    }

    private List<EmailAddress> members(SearchResultEntry group) {
        List<EmailAddress> members = new ArrayList<>();
        for (String dn : LdapSchema.memberDns(group)) {
            byDn.get(dn.toLowerCase(Locale.ROOT), () -> connector.read(dn, "mail", "proxyAddresses")
                    .map(LdapSchema::addresses).filter(a -> !a.isEmpty()).map(List::getFirst))
                    .ifPresent(members::add);
        }
        return members;
    }

    @Override
    public Optional<User> findUser(EmailAddress address) {
        return resolve(address).filter(User.class::isInstance).map(User.class::cast);
    }

    @Override
    public Optional<User> findUserByLogin(String login) {
        return userByLogin(login).map(f -> (User) f.recipient());
    }

    private Optional<Found> userByLogin(String login) {
        String key = login.toLowerCase(Locale.ROOT);
        return byLogin.get(key, () -> connector.search(base, LdapSchema.byLogin(login), LdapSchema.ATTRIBUTES).stream()
                .filter(e -> !LdapSchema.isGroup(e)).findFirst().flatMap(e -> found(e, null)));
    }

    private List<Found> everyone() {
        return everyone.get("all", () -> connector.search(base, Filter.createANDFilter(
                        Filter.createORFilter(LdapSchema.people(), LdapSchema.groups()), LdapSchema.withAddress()),
                LdapSchema.ATTRIBUTES).stream().map(e -> found(e, null)).flatMap(Optional::stream).toList());
    }

    @Override
    public List<User> users() {
        return everyone().stream().map(Found::recipient).filter(User.class::isInstance).map(User.class::cast)
                .sorted(Comparator.comparing(u -> u.address().canonical())).toList();
    }

    @Override
    public List<Alias> aliases() {
        List<Alias> aliases = new ArrayList<>();
        for (Found f : everyone()) {
            f.addresses().stream().skip(1).forEach(a -> aliases.add(new Alias(a, f.addresses().getFirst())));
        }
        aliases.sort(Comparator.comparing(a -> a.address().canonical()));
        return aliases;
    }

    @Override
    public List<DistributionGroup> groups() {
        return everyone().stream().map(Found::recipient).filter(DistributionGroup.class::isInstance)
                .map(DistributionGroup.class::cast).sorted(Comparator.comparing(g -> g.address().canonical())).toList();
    }

    @Override
    public List<EmailAddress> addressesOf(User user) {
        return lookUp(user.address()).map(Found::addresses).orElse(List.of(user.address()));
    }

    /**
     * Finds the user by login, then binds as that user's DN with the password. An unknown
     * login binds nothing, so it answers sooner than a wrong password: the directory's own
     * lockout and Postern's throttle, not timing, protect the logins.
     */
    @Override
    public Optional<User> authenticate(String login, char[] password) {
        Optional<Found> user = userByLogin(login);
        if (user.isEmpty() || password.length == 0) {
            return Optional.empty();
        }
        return connector.passwordMatches(user.get().dn(), password) ? Optional.of((User) user.get().recipient()) : Optional.empty();
    }

    /** An external directory keeps no NT hash for Postern: NTLM is not offered with it. */
    @Override
    public Optional<byte[]> ntHash(User user) {
        return Optional.empty();
    }

    @Override
    public void close() {
        connector.close();
    }
}

package org.postern.auth.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;
import org.postern.core.directory.ScramVerifier;

/**
 * A directory of a few users with clear-text passwords, for tests only: the embedded
 * directory is tested on its own, and the protocols' end-to-end tests use it.
 */
public final class FakeDirectory implements Directory {

    private record Entry(User user, String password) {
    }

    private final Map<String, Entry> byLogin = new LinkedHashMap<>();
    private final List<Alias> aliases = new ArrayList<>();
    public final AtomicInteger passwordChecks = new AtomicInteger();
    /** SCRAM-SHA-256 verifiers by user id; none unless a test sets one. */
    public final Map<UUID, ScramVerifier> scramVerifiers = new java.util.concurrent.ConcurrentHashMap<>();
    /** NT hashes by user id, for NTLM; none unless a test sets one. */
    public final Map<UUID, byte[]> ntHashes = new java.util.concurrent.ConcurrentHashMap<>();
    public volatile boolean unavailable;

    public User add(String address, String password) {
        EmailAddress a = EmailAddress.parse(address);
        return add(address, a.canonical(), password);
    }

    /** A user who signs in with a login other than the address (RFC 7677's example user is {@code user}). */
    public User add(String address, String login, String password) {
        EmailAddress a = EmailAddress.parse(address);
        User user = new User(UUID.randomUUID(), a, a.localPart(), login);
        byLogin.put(user.login().toLowerCase(Locale.ROOT), new Entry(user, password));
        return user;
    }

    public void alias(String alias, User target) {
        aliases.add(new Alias(EmailAddress.parse(alias), target.address()));
    }

    @Override
    public Optional<User> authenticate(String login, char[] password) {
        passwordChecks.incrementAndGet();
        if (unavailable) {
            throw new IllegalStateException("directory down");
        }
        Entry e = byLogin.get(login.toLowerCase(Locale.ROOT));
        return e != null && Arrays.equals(e.password().toCharArray(), password) ? Optional.of(e.user()) : Optional.empty();
    }

    @Override
    public List<EmailAddress> addressesOf(User user) {
        List<EmailAddress> out = new ArrayList<>(List.of(user.address()));
        for (Alias a : aliases) {
            if (a.target().equals(user.address())) {
                out.add(a.address());
            }
        }
        return out;
    }

    @Override
    public Optional<User> findUserByLogin(String login) {
        return Optional.ofNullable(byLogin.get(login.toLowerCase(Locale.ROOT))).map(Entry::user);
    }

    @Override
    public boolean isAcceptedDomain(String domain) {
        return domain.equalsIgnoreCase("example.test");
    }

    @Override
    public List<String> acceptedDomains() {
        return List.of("example.test");
    }

    @Override
    public Optional<Recipient> resolve(EmailAddress address) {
        return findUser(address).map(u -> u);
    }

    @Override
    public Optional<User> findUser(EmailAddress address) {
        return byLogin.values().stream().map(Entry::user).filter(u -> u.address().equals(address)).findFirst();
    }

    @Override
    public List<User> users() {
        return byLogin.values().stream().map(Entry::user).toList();
    }

    @Override
    public List<Alias> aliases() {
        return List.copyOf(aliases);
    }

    @Override
    public List<DistributionGroup> groups() {
        return List.of();
    }

    @Override
    public Optional<byte[]> ntHash(User user) {
        if (unavailable) {
            throw new IllegalStateException("directory down");
        }
        return Optional.ofNullable(ntHashes.get(user.id())).map(byte[]::clone);
    }

    @Override
    public Optional<ScramVerifier> scramSha256(User user) {
        if (unavailable) {
            throw new IllegalStateException("directory down");
        }
        return Optional.ofNullable(scramVerifiers.get(user.id()));
    }
}

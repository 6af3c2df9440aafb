package org.postern.core.directory;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.Alias;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

/** An in-memory {@link Directory} for tests of code that works on any directory; no credentials. */
final class MapDirectory implements Directory {

    private final Set<String> domains;
    private final Map<String, Recipient> recipients = new LinkedHashMap<>();

    MapDirectory(String... domains) {
        this.domains = Set.of(domains);
    }

    User user(String address) {
        EmailAddress email = EmailAddress.parse(address);
        User user = new User(UUID.randomUUID(), email, email.localPart(), email.canonical());
        recipients.put(email.canonical(), user);
        return user;
    }

    MapDirectory alias(String address, String target) {
        put(new Alias(EmailAddress.parse(address), EmailAddress.parse(target)));
        return this;
    }

    MapDirectory group(String address, String... members) {
        put(new DistributionGroup(EmailAddress.parse(address), address,
                Arrays.stream(members).map(EmailAddress::parse).toList()));
        return this;
    }

    private void put(Recipient recipient) {
        recipients.put(recipient.address().canonical(), recipient);
    }

    @Override
    public boolean isAcceptedDomain(String domain) {
        return domains.contains(domain);
    }

    @Override
    public List<String> acceptedDomains() {
        return domains.stream().sorted().toList();
    }

    @Override
    public Optional<Recipient> resolve(EmailAddress address) {
        return Optional.ofNullable(recipients.get(address.canonical()));
    }

    @Override
    public Optional<User> findUser(EmailAddress address) {
        return resolve(address).filter(User.class::isInstance).map(User.class::cast);
    }

    @Override
    public Optional<User> findUserByLogin(String login) {
        return users().stream().filter(u -> u.login().equals(login)).findFirst();
    }

    @Override
    public List<User> users() {
        return recipients.values().stream().filter(User.class::isInstance).map(User.class::cast).toList();
    }

    @Override
    public List<Alias> aliases() {
        return recipients.values().stream().filter(Alias.class::isInstance).map(Alias.class::cast).toList();
    }

    @Override
    public List<DistributionGroup> groups() {
        return recipients.values().stream().filter(DistributionGroup.class::isInstance).map(DistributionGroup.class::cast).toList();
    }

    @Override
    public List<EmailAddress> addressesOf(User user) {
        return List.of(user.address());
    }

    @Override
    public Optional<User> authenticate(String login, char[] password) {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> ntHash(User user) {
        return Optional.empty();
    }
}

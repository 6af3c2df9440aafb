package org.postern.kerberos;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.postern.core.address.EmailAddress;

/**
 * The organisation's Kerberos realm (RFC 4120 section 6.1), named after the first accepted
 * domain in upper case ({@code example.test} → {@code EXAMPLE.TEST}), as Active Directory names
 * its realm after its DNS domain.
 *
 * <p>Users and principals: a user {@code alice@example.test} of the realm's own domain is the
 * principal {@code alice@EXAMPLE.TEST}, and back ({@link #addressOf}): a principal of this realm
 * with one component names the user whose address is that component {@code @} the realm in
 * lower case. Principals with an instance ({@code smtp/host}) are services, never users. Users
 * of other accepted domains have no principal yet (issue 5 leaves enterprise names for later).
 *
 * @param name the realm, upper case
 */
public record KerberosRealm(String name) {

    public KerberosRealm {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || !name.equals(name.toUpperCase(Locale.ROOT)) || name.contains("@") || name.contains("/")) {
            throw new IllegalArgumentException("not a realm name: " + name);
        }
    }

    /** The realm of a domain: its name in upper case. */
    public static KerberosRealm ofDomain(String domain) {
        return new KerberosRealm(domain.toUpperCase(Locale.ROOT));
    }

    /** The DNS domain the realm was named after, lower case. */
    public String domain() {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The principal of a user, when the user's domain is the realm's. */
    public Optional<String> principalOf(EmailAddress user) {
        if (!user.domain().equalsIgnoreCase(domain())) {
            return Optional.empty();
        }
        return Optional.of(user.localPart() + "@" + name);
    }

    /** The user's address a principal names: {@code alice@EXAMPLE.TEST} → {@code alice@example.test}. */
    public Optional<String> addressOf(String principal) {
        int at = principal.lastIndexOf('@');
        if (at <= 0 || !principal.substring(at + 1).equals(name)) {
            return Optional.empty();
        }
        String primary = principal.substring(0, at);
        if (primary.contains("/") || primary.contains("@")) {
            return Optional.empty();
        }
        return Optional.of(primary + "@" + domain());
    }

    /** A service's principal: {@code smtp/mail.example.test@EXAMPLE.TEST}. */
    public String service(String service, String hostname) {
        return service + "/" + hostname.toLowerCase(Locale.ROOT) + "@" + name;
    }

    @Override
    public String toString() {
        return name;
    }
}

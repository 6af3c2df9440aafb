package org.postern.ldap.external;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.postern.core.address.EmailAddress;
import org.postern.core.address.InvalidAddressException;

/**
 * How an entry of an external directory reads as a recipient, tolerant of both schemas met in
 * practice: OpenLDAP's (RFC 2798 {@code inetOrgPerson} with {@code uid}, {@code mail},
 * {@code cn}; RFC 4519 {@code groupOfNames} with {@code member}) and Active Directory's
 * ({@code user} with {@code userPrincipalName}, {@code sAMAccountName}, {@code proxyAddresses}
 * — {@code SMTP:} the primary address, {@code smtp:} the others —, {@code displayName};
 * {@code group} with {@code member}). {@code memberOf} is not needed: a group's members are
 * read from the group.
 */
final class LdapSchema {

    static final String[] ATTRIBUTES = {"objectClass", "mail", "proxyAddresses", "userPrincipalName", "uid",
            "sAMAccountName", "displayName", "cn", "member", "uniqueMember", "entryUUID", "objectGUID"};

    private static final Set<String> GROUP_CLASSES = Set.of("groupofnames", "groupofuniquenames", "group");

    private LdapSchema() {
    }

    /** Entries naming this address, as their mail or one of their SMTP proxy addresses. */
    static Filter byAddress(String address) {
        return Filter.createORFilter(Filter.createEqualityFilter("mail", address),
                Filter.createEqualityFilter("proxyAddresses", "smtp:" + address));
    }

    /** People signing in with this login: uid, userPrincipalName, sAMAccountName or mail. */
    static Filter byLogin(String login) {
        return Filter.createANDFilter(people(), Filter.createORFilter(
                Filter.createEqualityFilter("uid", login), Filter.createEqualityFilter("userPrincipalName", login),
                Filter.createEqualityFilter("sAMAccountName", login), Filter.createEqualityFilter("mail", login)));
    }

    static Filter people() {
        return Filter.createORFilter(Filter.createEqualityFilter("objectClass", "inetOrgPerson"),
                Filter.createEqualityFilter("objectClass", "user"));
    }

    static Filter groups() {
        return Filter.createORFilter(Filter.createEqualityFilter("objectClass", "groupOfNames"),
                Filter.createEqualityFilter("objectClass", "groupOfUniqueNames"),
                Filter.createEqualityFilter("objectClass", "group"));
    }

    static Filter withAddress() {
        return Filter.createORFilter(Filter.createPresenceFilter("mail"), Filter.createPresenceFilter("proxyAddresses"));
    }

    static boolean isGroup(Entry e) {
        String[] classes = e.getAttributeValues("objectClass");
        if (classes == null) {
            return false;
        }
        for (String c : classes) {
            if (GROUP_CLASSES.contains(c.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Every SMTP address of the entry, the primary first: {@code SMTP:} proxy, else the first mail. */
    static List<EmailAddress> addresses(Entry e) {
        Set<String> seen = new LinkedHashSet<>();
        List<EmailAddress> out = new ArrayList<>();
        String[] proxies = values(e, "proxyAddresses");
        for (String p : proxies) {
            if (p.startsWith("SMTP:")) {
                add(out, seen, p.substring(5));
            }
        }
        for (String m : values(e, "mail")) {
            add(out, seen, m);
        }
        for (String p : proxies) {
            if (p.regionMatches(true, 0, "smtp:", 0, 5)) {
                add(out, seen, p.substring(5));
            }
        }
        return out;
    }

    private static void add(List<EmailAddress> out, Set<String> seen, String text) {
        try {
            EmailAddress a = EmailAddress.parse(text.strip());
            if (seen.add(a.canonical())) {
                out.add(a);
            }
        } catch (InvalidAddressException e) {
            // not an address: skipped, as a mail client would
        }
    }

    static String displayName(Entry e, EmailAddress primary) {
        String name = first(e, "displayName").or(() -> first(e, "cn")).orElse(primary.localPart());
        return name.isBlank() ? primary.localPart() : name;
    }

    /** The login: the user principal name, else uid, else sAMAccountName, else the address; lower case. */
    static String login(Entry e, EmailAddress primary) {
        return first(e, "userPrincipalName").or(() -> first(e, "uid")).or(() -> first(e, "sAMAccountName"))
                .orElse(primary.canonical()).toLowerCase(Locale.ROOT);
    }

    /** A stable identity: entryUUID (RFC 4530), objectGUID (Active Directory), else one made from the DN. */
    static UUID id(Entry e) {
        Optional<String> entryUuid = first(e, "entryUUID");
        if (entryUuid.isPresent()) {
            try {
                return UUID.fromString(entryUuid.get());
            } catch (IllegalArgumentException ignored) {
                // fall through
            }
        }
        byte[] guid = e.getAttributeValueBytes("objectGUID");
        if (guid != null && guid.length == 16) {
            ByteBuffer b = ByteBuffer.wrap(guid);
            return new UUID(b.getLong(), b.getLong());
        }
        return UUID.nameUUIDFromBytes(e.getDN().toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The DNs a group names as members (member, uniqueMember without its optional UID part). */
    static List<String> memberDns(Entry e) {
        List<String> dns = new ArrayList<>(List.of(values(e, "member")));
        for (String u : values(e, "uniqueMember")) {
            int hash = u.lastIndexOf("#'");
            dns.add(hash > 0 ? u.substring(0, hash) : u);
        }
        return dns;
    }

    private static String[] values(Entry e, String attribute) {
        String[] v = e.getAttributeValues(attribute);
        return v == null ? new String[0] : v;
    }

    private static Optional<String> first(Entry e, String attribute) {
        return Optional.ofNullable(e.getAttributeValue(attribute)).filter(s -> !s.isBlank());
    }
}

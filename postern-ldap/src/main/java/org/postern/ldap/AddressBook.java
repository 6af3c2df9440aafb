package org.postern.ldap;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.RDN;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Recipient.DistributionGroup;
import org.postern.core.directory.Recipient.User;

/**
 * The directory as an LDAP address book: a tree under the naming context made from the first
 * accepted domain ({@code example.test} gives {@code dc=example,dc=test}), with
 * {@code ou=people} holding one {@code inetOrgPerson} per user (RFC 2798: cn, sn,
 * displayName, mail — the primary address and the aliases that deliver to it — and uid, the
 * login) and {@code ou=groups} one {@code groupOfNames} per distribution group (RFC 4519:
 * cn, mail, member). A member that is no user or group here (an external address) is named by
 * a DN under {@code ou=contacts}, so every {@code member} value is a DN as the schema wants.
 *
 * <p>The entries are made afresh from the {@link Directory} at each search: the directory
 * answers from its database, so a change by {@code postern user add} shows at once.
 */
public final class AddressBook {

    private final Directory directory;

    public AddressBook(Directory directory) {
        this.directory = directory;
    }

    /** The naming context: the first accepted domain as {@code dc} components; empty without a domain. */
    public Optional<DN> base() {
        List<String> domains = directory.acceptedDomains();
        return domains.isEmpty() ? Optional.empty() : Optional.of(baseOf(domains.getFirst()));
    }

    /** {@code example.test} as {@code dc=example,dc=test}. */
    public static DN baseOf(String domain) {
        List<RDN> rdns = new ArrayList<>();
        for (String label : domain.toLowerCase(Locale.ROOT).split("\\.")) {
            rdns.add(new RDN("dc", label));
        }
        return new DN(rdns);
    }

    /** Every entry of the tree: the base, the two containers, the users and the groups. */
    public List<Entry> entries() {
        Optional<DN> base = base();
        if (base.isEmpty()) {
            return List.of();
        }
        DN root = base.get();
        List<Entry> all = new ArrayList<>();
        Entry top = new Entry(root);
        top.addAttribute("objectClass", "top", "domain");
        top.addAttribute("dc", root.getRDN().getAttributeValues()[0]);
        all.add(top);
        all.add(container(root, "people"));
        all.add(container(root, "groups"));

        List<User> users = directory.users();
        List<DistributionGroup> groups = directory.groups();
        Map<String, DN> dnByAddress = new java.util.HashMap<>();
        users.forEach(u -> dnByAddress.put(u.address().canonical(), userDn(root, u)));
        groups.forEach(g -> dnByAddress.put(g.address().canonical(), groupDn(root, g.address())));
        Map<String, DN> aliasTargets = directory.aliases().stream()
                .filter(a -> dnByAddress.containsKey(a.target().canonical()))
                .collect(Collectors.toMap(a -> a.address().canonical(), a -> dnByAddress.get(a.target().canonical()), (a, b) -> a));
        Function<EmailAddress, DN> memberDn = address -> {
            String key = address.canonical();
            DN known = dnByAddress.getOrDefault(key, aliasTargets.get(key));
            return known != null ? known : under(under(root, "ou", "contacts"), "mail", address.toString());
        };
        for (User user : users) {
            all.add(userEntry(root, user));
        }
        for (DistributionGroup group : groups) {
            Entry e = new Entry(groupDn(root, group.address()));
            e.addAttribute("objectClass", "top", "groupOfNames");
            e.addAttribute("cn", nameOf(group.displayName(), group.address()));
            e.addAttribute("displayName", nameOf(group.displayName(), group.address()));
            e.addAttribute("mail", group.address().toString());
            List<String> members = group.members().stream().map(memberDn).map(DN::toString).distinct().toList();
            // groupOfNames needs at least one member; an empty group names itself, as RFC 4519 suggests for empty groups.
            e.addAttribute("member", members.isEmpty() ? List.of(e.getDN()) : members);
            all.add(e);
        }
        return all;
    }

    private Entry userEntry(DN root, User user) {
        Entry e = new Entry(userDn(root, user));
        String name = nameOf(user.displayName(), user.address());
        e.addAttribute("objectClass", "top", "person", "organizationalPerson", "inetOrgPerson");
        e.addAttribute("cn", name);
        e.addAttribute("sn", surname(name));
        e.addAttribute("displayName", name);
        e.addAttribute("uid", user.login());
        e.addAttribute(new Attribute("mail", directory.addressesOf(user).stream().map(EmailAddress::toString).toList()));
        return e;
    }

    /** The user's entry's DN: {@code uid=LOGIN,ou=people,BASE}. */
    public static DN userDn(DN root, User user) {
        return under(under(root, "ou", "people"), "uid", user.login());
    }

    private static DN groupDn(DN root, EmailAddress address) {
        return under(under(root, "ou", "groups"), "mail", address.toString());
    }

    private static DN under(DN parent, String attribute, String value) {
        return new DN(new RDN(attribute, value), parent);
    }

    private static Entry container(DN root, String name) {
        Entry e = new Entry(new DN(new RDN("ou", name), root));
        e.addAttribute("objectClass", "top", "organizationalUnit");
        e.addAttribute("ou", name);
        return e;
    }

    private static String nameOf(String displayName, EmailAddress address) {
        return displayName == null || displayName.isBlank() ? address.toString() : displayName;
    }

    /** The last word of the name, for {@code sn}, which {@code person} requires. */
    private static String surname(String name) {
        String trimmed = name.strip();
        int space = trimmed.lastIndexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(space + 1);
    }

    /** The login a bind name stands for: the {@code uid} or {@code mail} of a DN in this tree, or the name itself (a login or an address, as Active Directory takes a user principal name). */
    public static String loginOf(String bindName) {
        if (DN.isValidDN(bindName)) {
            try {
                RDN first = new DN(bindName).getRDN();
                if (first != null && first.getAttributeNames().length == 1) {
                    String attr = first.getAttributeNames()[0].toLowerCase(Locale.ROOT);
                    if (attr.equals("uid") || attr.equals("mail")) {
                        return first.getAttributeValues()[0];
                    }
                }
            } catch (com.unboundid.ldap.sdk.LDAPException e) {
                return bindName;
            }
        }
        return bindName;
    }
}

package org.postern.ldap.external;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.sdk.Entry;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.postern.core.address.EmailAddress;

/** Entries as Active Directory and OpenLDAP write them, read as recipients. */
class LdapSchemaTest {

    @Test
    void activeDirectoryUserTakesItsPrimaryFromTheUpperCaseSmtpProxyAddress() throws Exception {
        Entry e = new Entry("CN=Alice Liddell,OU=Staff,DC=example,DC=test");
        e.addAttribute("objectClass", "top", "person", "organizationalPerson", "user");
        e.addAttribute("userPrincipalName", "Alice@EXAMPLE.test");
        e.addAttribute("sAMAccountName", "alice");
        e.addAttribute("mail", "alice@example.test");
        e.addAttribute("proxyAddresses", "smtp:a.liddell@example.test", "X400:c=US;a= ;p=Example;o=Exchange;s=Liddell;",
                "SMTP:Alice.Liddell@example.test");
        e.addAttribute("displayName", "Alice Liddell");
        byte[] guid = new byte[16];
        guid[15] = 7;
        e.addAttribute("objectGUID", guid);

        assertThat(LdapSchema.isGroup(e)).isFalse();
        assertThat(LdapSchema.addresses(e)).extracting(EmailAddress::toString)
                .containsExactly("Alice.Liddell@example.test", "alice@example.test", "a.liddell@example.test");
        EmailAddress primary = LdapSchema.addresses(e).getFirst();
        assertThat(LdapSchema.login(e, primary)).isEqualTo("alice@example.test");
        assertThat(LdapSchema.displayName(e, primary)).isEqualTo("Alice Liddell");
        assertThat(LdapSchema.id(e)).isEqualTo(new UUID(0, 7));
    }

    @Test
    void openLdapPersonAndGroupOfNames() {
        Entry user = new Entry("uid=bob,ou=people,dc=example,dc=test");
        user.addAttribute("objectClass", "inetOrgPerson");
        user.addAttribute("uid", "Bob");
        user.addAttribute("cn", "Bob Kane");
        user.addAttribute("mail", "bob@example.test", "not an address");
        user.addAttribute("entryUUID", "d2f12886-7f2b-1041-9c30-51effc9dcfa5");
        EmailAddress primary = LdapSchema.addresses(user).getFirst();
        assertThat(LdapSchema.addresses(user)).hasSize(1);
        assertThat(LdapSchema.login(user, primary)).isEqualTo("bob");
        assertThat(LdapSchema.displayName(user, primary)).isEqualTo("Bob Kane");
        assertThat(LdapSchema.id(user)).isEqualTo(UUID.fromString("d2f12886-7f2b-1041-9c30-51effc9dcfa5"));

        Entry group = new Entry("cn=team,dc=example,dc=test");
        group.addAttribute("objectClass", "top", "groupOfUniqueNames");
        group.addAttribute("uniqueMember", "uid=bob,ou=people,dc=example,dc=test#'0101'B", "uid=alice,ou=people,dc=example,dc=test");
        assertThat(LdapSchema.isGroup(group)).isTrue();
        assertThat(LdapSchema.memberDns(group))
                .containsExactly("uid=bob,ou=people,dc=example,dc=test", "uid=alice,ou=people,dc=example,dc=test");
        assertThat(LdapSchema.addresses(group)).isEmpty();
    }

    @Test
    void anAddressFilterAsksMailAndProxyAddresses() {
        assertThat(LdapSchema.byAddress("a*b@example.test").toString())
                .isEqualTo("(|(mail=a\\2ab@example.test)(proxyAddresses=smtp:a\\2ab@example.test))");
    }
}

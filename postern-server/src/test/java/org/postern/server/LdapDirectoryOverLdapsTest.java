package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.ExternalLdapConfig;
import org.postern.core.config.PosternConfig;
import org.postern.core.directory.DirectoryUnavailableException;
import org.postern.core.directory.Recipient;
import org.postern.ldap.external.LdapDirectory;

/**
 * The external directory over {@code ldaps://} against a private slapd: recipients by address
 * (a user, an extra address, a group of unique names), a login, a password checked by a bind;
 * and the certificate really checked — with no {@code ca_file}, slapd's self-signed certificate
 * is not trusted, and every question is a temporary failure, never an answer.
 */
class LdapDirectoryOverLdapsTest {

    @TempDir
    static Path tmp;

    static Slapd slapd;
    static Foundation foundation;

    @BeforeAll
    static void start() throws Exception {
        slapd = Slapd.start(tmp.resolve("slapd"));
        slapd.addWithServiceAccount("""
                dn: uid=dave,%1$s
                objectClass: inetOrgPerson
                uid: dave
                cn: Dave Bowman
                sn: Bowman
                mail: dave@example.test
                mail: hal@example.test
                userPassword: dave ldap pw

                dn: cn=crew,%1$s
                objectClass: groupOfUniqueNames
                objectClass: extensibleObject
                cn: crew
                mail: crew@example.test
                uniqueMember: uid=dave,%1$s
                """.formatted(Slapd.SUFFIX));
        Path data = tmp.resolve("data");
        Files.createDirectories(data);
        slapd.writeClientFiles(data);
        foundation = Foundation.open(new DataFolder(data, null), PosternConfig.defaults());
        foundation.directory().addDomain("example.test");
    }

    @AfterAll
    static void stop() {
        if (foundation != null) {
            foundation.close();
        }
        if (slapd != null) {
            slapd.close();
        }
    }

    private static LdapDirectory open(String caFile) throws Exception {
        return LdapDirectory.open(new ExternalLdapConfig("ldaps://localhost:" + slapd.ldapsPort(), null, "cn=postern," + Slapd.SUFFIX,
                "ldap-password", Slapd.SUFFIX, caFile, 60), foundation.folder().root(), foundation.directory());
    }

    @Test
    void usersExtraAddressesGroupsAndPasswordsOverLdaps() throws Exception {
        try (LdapDirectory ldap = open("ldap-ca.pem")) {
            Recipient dave = ldap.resolve(EmailAddress.parse("Dave@example.test")).orElseThrow();
            assertThat(dave).isInstanceOf(Recipient.User.class);
            assertThat(((Recipient.User) dave).displayName()).isEqualTo("Dave Bowman");
            assertThat(((Recipient.User) dave).login()).isEqualTo("dave");
            assertThat(ldap.resolve(EmailAddress.parse("hal@example.test"))).get()
                    .isEqualTo(new Recipient.Alias(EmailAddress.parse("hal@example.test"), EmailAddress.parse("dave@example.test")));
            assertThat(ldap.resolve(EmailAddress.parse("crew@example.test"))).get()
                    .isInstanceOfSatisfying(Recipient.DistributionGroup.class,
                            g -> assertThat(g.members()).containsExactly(EmailAddress.parse("dave@example.test")));
            assertThat(ldap.resolve(EmailAddress.parse("nobody@example.test"))).isEmpty();
            assertThat(ldap.resolve(EmailAddress.parse("dave@elsewhere.test"))).as("not an accepted domain").isEmpty();
            assertThat(ldap.authenticate("dave", "dave ldap pw".toCharArray())).isPresent();
            assertThat(ldap.authenticate("dave@example.test", "dave ldap pw".toCharArray())).isPresent();
            assertThat(ldap.authenticate("dave", "wrong".toCharArray())).isEmpty();
            assertThat(ldap.authenticate("nobody", "dave ldap pw".toCharArray())).isEmpty();
            assertThat(ldap.groups()).hasSize(1);
            assertThat(ldap.aliases()).extracting(a -> a.address().toString()).containsExactly("hal@example.test");
        }
    }

    @Test
    void anUntrustedCertificateIsATemporaryFailureNeverAnAnswer() throws Exception {
        try (LdapDirectory ldap = open(null)) {
            assertThatThrownBy(() -> ldap.resolve(EmailAddress.parse("dave@example.test")))
                    .isInstanceOf(DirectoryUnavailableException.class);
            assertThatThrownBy(() -> ldap.authenticate("dave", "dave ldap pw".toCharArray()))
                    .isInstanceOf(DirectoryUnavailableException.class);
        }
    }
}

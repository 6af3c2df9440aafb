package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;

/**
 * {@code postern run} with an external directory: a private OpenLDAP (Debian slapd) holds the
 * users, an extra address and a group, loaded with {@code ldapadd}; Postern reaches it over
 * StartTLS, checking its certificate, bound as a service account. swaks delivers to a user, to
 * the extra address and to the group; curl signs in to IMAPS with the password kept in LDAP.
 * Then slapd is stopped: a recipient seen before is still accepted and delivered, one never
 * seen is answered {@code 451 4.4.3} (never 550), and nothing is lost; slapd started again,
 * that recipient is accepted.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalLdapDirectoryTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String PEOPLE = "ou=people," + Slapd.SUFFIX;

    @TempDir
    static Path tmp;

    static Slapd slapd;
    static RunningServer server;
    static Path data;
    static int offset;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("curl");
        slapd = Slapd.start(tmp.resolve("slapd"));
        slapd.addWithServiceAccount("""
                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: uid=alice,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: alice
                cn: Alice Liddell
                sn: Liddell
                displayName: Alice Liddell
                mail: alice@example.test
                mail: a.liddell@example.test
                userPassword: alice ldap pw

                dn: uid=bob,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: bob
                cn: Bob Kane
                sn: Kane
                mail: bob@example.test
                userPassword: bob ldap pw

                dn: uid=carol,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: carol
                cn: Carol Danvers
                sn: Danvers
                mail: carol@example.test
                userPassword: carol ldap pw

                dn: cn=team,%1$s
                objectClass: groupOfNames
                objectClass: extensibleObject
                cn: team
                mail: team@example.test
                member: uid=alice,ou=people,%1$s
                member: uid=bob,ou=people,%1$s
                """.formatted(Slapd.SUFFIX));

        data = tmp.resolve("data");
        offset = FreePorts.offset();
        PosternProcess.run("domain", "add", "example.test", "--data", data.toString());
        slapd.writeClientFiles(data);
        slapd.nameAsDirectory(data, "bind_dn: cn=postern," + Slapd.SUFFIX, "bind_password_file: ldap-password");
        server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
        assertThat(server.output()).doesNotContain("LDAPS "); // the embedded directory's endpoint is not served
    }

    @AfterAll
    static void stop() throws Exception {
        RunningServer.stopAll(server, slapd);
    }

    private static ExternalTool.Result swaks(String to, String subject) throws Exception {
        return ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(25 + offset),
                "--from", "sender@elsewhere.test", "--to", to, "--header", "Subject: " + subject,
                "--body", "about " + subject), TIMEOUT);
    }

    @Test
    @Order(1)
    void swaksDeliversToAUserAnExtraAddressAndAGroup() throws Exception {
        ExternalTool.Result user = swaks("alice@example.test", "direct");
        assertThat(user.exit()).as("%s", user).isZero();
        ExternalTool.Result alias = swaks("a.liddell@example.test", "alias");
        assertThat(alias.exit()).as("%s", alias).isZero();
        ExternalTool.Result group = swaks("team@example.test", "group");
        assertThat(group.exit()).as("%s", group).isZero();
        assertThat(TestMailboxes.inboxOnceItHolds(data, "alice@example.test", 3)).isEqualTo(3);
        assertThat(TestMailboxes.inboxOnceItHolds(data, "bob@example.test", 1)).isEqualTo(1);
        ExternalTool.Result unknown = swaks("nobody@example.test", "unknown");
        assertThat(unknown.exit()).as("%s", unknown).isEqualTo(24);
        assertThat(unknown.out()).contains("550 5.1.1");
    }

    @Test
    @Order(2)
    void imapsSignsInWithTheLdapPassword() throws Exception {
        ExternalTool.Result ok = ExternalTool.run(List.of("curl", "-sS", "-k", "imaps://127.0.0.1:" + (993 + offset) + "/INBOX",
                "-u", "alice:alice ldap pw", "-X", "EXAMINE INBOX"), TIMEOUT);
        assertThat(ok.exit()).as("%s", ok).isZero();
        assertThat(ok.out()).contains("3 EXISTS");
        ExternalTool.Result wrong = ExternalTool.run(List.of("curl", "-sS", "-k", "imaps://127.0.0.1:" + (993 + offset) + "/INBOX",
                "-u", "alice:not her password", "-X", "EXAMINE INBOX"), TIMEOUT);
        assertThat(wrong.exit()).as("%s", wrong).isNotZero();
    }

    @Test
    @Order(3)
    void whileTheDirectoryIsDownKnownRecipientsFlowAndUnknownOnesWait() throws Exception {
        slapd.stop();
        ExternalTool.Result cached = swaks("alice@example.test", "while down");
        assertThat(cached.exit()).as("%s", cached).isZero();
        ExternalTool.Result uncached = swaks("carol@example.test", "carol while down");
        assertThat(uncached.exit()).as("%s", uncached).isEqualTo(24);
        assertThat(uncached.out()).contains("451 4.4.3").doesNotContain("550");
        assertThat(TestMailboxes.inboxOnceItHolds(data, "alice@example.test", 4)).as("accepted while down, delivered").isEqualTo(4);
    }

    @Test
    @Order(4)
    void onceTheDirectoryIsBackMailFlowsAgain() throws Exception {
        slapd.run();
        Instant deadline = Instant.now().plusSeconds(30);
        ExternalTool.Result carol = swaks("carol@example.test", "carol after");
        while (carol.exit() != 0 && Instant.now().isBefore(deadline)) {
            assertThat(carol.out()).doesNotContain("550");
            Thread.sleep(1000);
            carol = swaks("carol@example.test", "carol after");
        }
        assertThat(carol.exit()).as("%s", carol).isZero();
        assertThat(TestMailboxes.inboxOnceItHolds(data, "carol@example.test", 1)).isEqualTo(1);
        assertThat(TestMailboxes.inboxOnceItHolds(data, "alice@example.test", 4)).isEqualTo(4);
    }
}

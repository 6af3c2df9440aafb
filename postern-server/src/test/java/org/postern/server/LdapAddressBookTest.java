package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * The embedded directory's LDAP endpoint against {@code postern run}, with OpenLDAP's own
 * clients (Debian ldap-utils): {@code ldapsearch -x} with a simple bind finds a user by name
 * and by mail (an alias too) over StartTLS ({@code -ZZ}) and over {@code ldaps://}, and a
 * group with its members; an anonymous search, a bind before TLS, a wrong password and every
 * write ({@code ldapmodify}) are refused with LDAP's own result codes.
 */
class LdapAddressBookTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "dc=example,dc=test";
    private static final String ALICE_DN = "uid=alice@example.test,ou=people," + BASE;

    @TempDir
    static Path tmp;

    static RunningServer server;
    static int offset;
    /** The server's certificate is self-signed for its host name; the clients are told not to check it. */
    static final Map<String, String> ENV = Map.of("LDAPTLS_REQCERT", "never");

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("ldapsearch");
        ExternalTool.require("ldapmodify");
        Path data = tmp.resolve("data");
        String d = data.toString();
        PosternProcess.run("domain", "add", "example.test", "--data", d);
        Result bob = PosternProcess.runWithInput("bob pw\n", "user", "add", "bob@example.test", "--name", "Bob Kane",
                "--password-stdin", "--data", d);
        assertThat(bob.exitStatus()).as("%s", bob).isZero();
        Result alice = PosternProcess.runWithInput("alice ldap pw\n", "user", "add", "alice@example.test", "--name", "Alice Liddell",
                "--password-stdin", "--data", d);
        assertThat(alice.exitStatus()).as("%s", alice).isZero();
        PosternProcess.run("alias", "add", "a.liddell@example.test", "alice@example.test", "--data", d);
        PosternProcess.run("group", "add", "team@example.test", "--name", "The Team", "--data", d);
        PosternProcess.run("group", "member", "add", "team@example.test", "alice@example.test", "--data", d);
        PosternProcess.run("group", "member", "add", "team@example.test", "bob@example.test", "--data", d);
        PosternProcess.run("group", "member", "add", "team@example.test", "friend@elsewhere.test", "--data", d);
        offset = FreePorts.offset();
        server = RunningServer.start("--data", d, "--port-offset", Integer.toString(offset));
        assertThat(server.output()).contains("LDAP ").contains("LDAPS ");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            assertThat(server.stop()).isIn(0, 143);
        }
    }

    private static String ldap() {
        return "ldap://127.0.0.1:" + (389 + offset);
    }

    private static String ldaps() {
        return "ldaps://127.0.0.1:" + (636 + offset);
    }

    private static ExternalTool.Result tool(String stdin, String... command) throws Exception {
        return ExternalTool.run(List.of(command), stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT, ENV);
    }

    private static ExternalTool.Result search(String uri, boolean startTls, String bindDn, String password, String filter,
                                              String... attributes) throws Exception {
        List<String> command = new ArrayList<>(List.of("ldapsearch", "-LLL", "-x", "-H", uri, "-b", BASE));
        if (startTls) {
            command.add("-ZZ");
        }
        if (bindDn != null) {
            command.addAll(List.of("-D", bindDn, "-w", password));
        }
        command.add(filter);
        command.addAll(List.of(attributes));
        return ExternalTool.run(command, new byte[0], TIMEOUT, ENV);
    }

    @Test
    void startTlsSimpleBindFindsAUserByName() throws Exception {
        ExternalTool.Result r = search(ldap(), true, ALICE_DN, "alice ldap pw", "(cn=Alice*)");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("dn: " + ALICE_DN)
                .contains("objectClass: inetOrgPerson")
                .contains("cn: Alice Liddell")
                .contains("displayName: Alice Liddell")
                .contains("mail: alice@example.test")
                .contains("mail: a.liddell@example.test")
                .contains("uid: alice@example.test")
                .doesNotContain("Bob");
    }

    @Test
    void ldapsSimpleBindFindsAUserByMailAndAlias() throws Exception {
        // bound by address, as Active Directory takes a user principal name
        ExternalTool.Result byMail = search(ldaps(), false, "bob@example.test", "bob pw", "(mail=alice@example.test)", "cn", "mail");
        assertThat(byMail.exit()).as("%s", byMail).isZero();
        assertThat(byMail.out()).contains("dn: " + ALICE_DN).contains("cn: Alice Liddell").doesNotContain("uid:");
        ExternalTool.Result byAlias = search(ldaps(), false, "bob@example.test", "bob pw", "(mail=a.liddell@example.test)", "displayName");
        assertThat(byAlias.exit()).as("%s", byAlias).isZero();
        assertThat(byAlias.out()).contains("displayName: Alice Liddell");
    }

    @Test
    void aGroupListsItsMembersAsNames() throws Exception {
        ExternalTool.Result r = search(ldaps(), false, ALICE_DN, "alice ldap pw", "(&(objectClass=groupOfNames)(mail=team@example.test))");
        assertThat(r.exit()).as("%s", r).isZero();
        assertThat(r.out()).contains("cn: The Team")
                .contains("member: " + ALICE_DN)
                .contains("member: uid=bob@example.test,ou=people," + BASE)
                .contains("member: mail=friend@elsewhere.test,ou=contacts," + BASE);
    }

    @Test
    void anAnonymousSearchIsRefused() throws Exception {
        ExternalTool.Result r = search(ldap(), true, null, null, "(objectClass=*)");
        assertThat(r.exit()).as("%s", r).isEqualTo(50);
        assertThat(r.err()).contains("Insufficient access");
        assertThat(r.out()).doesNotContain("alice");
    }

    @Test
    void aPasswordBeforeTlsIsRefused() throws Exception {
        ExternalTool.Result r = search(ldap(), false, ALICE_DN, "alice ldap pw", "(cn=*)");
        assertThat(r.exit()).as("%s", r).isEqualTo(13);
        assertThat(r.err()).contains("Confidentiality required");
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        ExternalTool.Result r = search(ldaps(), false, ALICE_DN, "not her password", "(cn=*)");
        assertThat(r.exit()).as("%s", r).isEqualTo(49);
        assertThat(r.err()).contains("Invalid credentials");
    }

    @Test
    void everyWriteIsRefused() throws Exception {
        ExternalTool.Result modify = tool("dn: " + ALICE_DN + "\nchangetype: modify\nreplace: displayName\ndisplayName: Mallory\n",
                "ldapmodify", "-x", "-ZZ", "-H", ldap(), "-D", ALICE_DN, "-w", "alice ldap pw");
        assertThat(modify.exit()).as("%s", modify).isEqualTo(53);
        assertThat(modify.err()).contains("Server is unwilling to perform");
        ExternalTool.Result add = tool("dn: uid=mallory,ou=people," + BASE + "\nchangetype: add\nobjectClass: inetOrgPerson\ncn: M\nsn: M\n",
                "ldapmodify", "-x", "-H", ldaps(), "-D", ALICE_DN, "-w", "alice ldap pw");
        assertThat(add.exit()).as("%s", add).isEqualTo(53);
        ExternalTool.Result delete = tool("dn: " + ALICE_DN + "\nchangetype: delete\n",
                "ldapmodify", "-x", "-H", ldaps(), "-D", ALICE_DN, "-w", "alice ldap pw");
        assertThat(delete.exit()).as("%s", delete).isEqualTo(53);
        ExternalTool.Result after = search(ldaps(), false, ALICE_DN, "alice ldap pw", "(uid=alice@example.test)", "displayName");
        assertThat(after.out()).contains("displayName: Alice Liddell");
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * group with its members; after {@code kinit}, {@code ldapsearch -Y GSSAPI} binds with the
 * ticket for {@code ldap/localhost} under StartTLS and LDAPS; an anonymous search, a bind
 * before TLS, a wrong password and every write ({@code ldapmodify}) are refused with LDAP's own
 * result codes.
 */
class LdapAddressBookTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String BASE = "dc=example,dc=test";
    private static final String ALICE_DN = "uid=alice@example.test,ou=people," + BASE;

    @TempDir
    static Path tmp;

    static RunningServer server;
    static Path data;
    static int offset;
    /** The server's certificate is self-signed for its host name; the clients are told not to check it. */
    static final Map<String, String> ENV = Map.of("LDAPTLS_REQCERT", "never");

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("ldapsearch");
        ExternalTool.require("ldapmodify");
        data = tmp.resolve("data");
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
        // The keytab's service principals are for the configured host name: ldap/localhost, so ldapsearch -N finds its ticket.
        Path yaml = data.resolve(DataFolder.CONFIG_FILE);
        Files.writeString(yaml, Files.readString(yaml).replaceFirst("(?m)^hostname:.*$", "hostname: localhost"));
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
    void kinitThenGssapiBindUnderStartTlsAndLdaps() throws Exception {
        ExternalTool.require("kinit");
        Result conf = PosternProcess.call(null, "kerberos", "client-config", "--kdc", "127.0.0.1", "--data", data.toString(),
                "--port-offset", Integer.toString(offset));
        assertThat(conf.exitStatus()).as("%s", conf).isZero();
        Path krb5 = Files.writeString(tmp.resolve("krb5.conf"), conf.out());
        Map<String, String> env = Map.of("LDAPTLS_REQCERT", "never", "KRB5_CONFIG", krb5.toString(),
                "KRB5CCNAME", "FILE:" + tmp.resolve("ccache"));
        ExternalTool.Result kinit = ExternalTool.run(List.of("kinit", "alice@EXAMPLE.TEST"),
                "alice ldap pw\n".getBytes(StandardCharsets.UTF_8), TIMEOUT, env);
        assertThat(kinit.exit()).as("%s", kinit).isZero();
        ExternalTool.Result startTls = ExternalTool.run(List.of("ldapsearch", "-LLL", "-N", "-Y", "GSSAPI", "-ZZ",
                "-H", "ldap://localhost:" + (389 + offset), "-b", BASE, "(cn=Bob*)", "mail"), new byte[0], TIMEOUT, env);
        assertThat(startTls.exit()).as("%s", startTls).isZero();
        assertThat(startTls.err()).contains("SASL username: alice@EXAMPLE.TEST");
        assertThat(startTls.out()).contains("mail: bob@example.test");
        ExternalTool.Result ldapsBind = ExternalTool.run(List.of("ldapsearch", "-LLL", "-N", "-Y", "GSSAPI",
                "-H", "ldaps://localhost:" + (636 + offset), "-b", BASE, "(mail=team@example.test)", "cn"), new byte[0], TIMEOUT, env);
        assertThat(ldapsBind.exit()).as("%s", ldapsBind).isZero();
        assertThat(ldapsBind.out()).contains("cn: The Team");
        ExternalTool.Result clear = ExternalTool.run(List.of("ldapsearch", "-LLL", "-N", "-Y", "GSSAPI",
                "-H", "ldap://localhost:" + (389 + offset), "-b", BASE, "(cn=*)"), new byte[0], TIMEOUT, env);
        assertThat(clear.exit()).as("before TLS: %s", clear).isEqualTo(13);
        ExternalTool.Result mechanisms = ExternalTool.run(List.of("ldapsearch", "-LLL", "-x", "-H", ldaps(), "-b", "", "-s", "base",
                "supportedSASLMechanisms", "namingContexts"), new byte[0], TIMEOUT, ENV);
        assertThat(mechanisms.out()).contains("supportedSASLMechanisms: GSSAPI").contains("namingContexts: " + BASE);
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

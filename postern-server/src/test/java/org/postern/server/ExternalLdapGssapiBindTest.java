package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;

/**
 * The external directory bound with SASL GSSAPI ({@code directory.ldap.bind: gssapi}, issue 5):
 * a private MIT realm (Debian krb5-kdc) holds Postern's {@code host/} principal and slapd's
 * {@code ldap/localhost}; a private slapd takes GSSAPI binds through Cyrus SASL (Debian's
 * libsasl2-modules-gssapi-mit, its keytab in {@code KRB5_KTNAME}) and maps the {@code host/}
 * principal to {@code cn=postern} with {@code authz-regexp}. Only that identity may read the
 * people (no bind DN, no password anywhere in Postern's configuration). swaks delivers to an
 * LDAP user; slapd's log shows the GSSAPI bind as that principal, under TLS; the MIT KDC's log
 * shows the ticket for {@code ldap/localhost} it gave the {@code host/} principal. A user's
 * password (curl over IMAPS) is still checked by a simple bind as that user.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalLdapGssapiBindTest {

    private static final String HOST = "mail.example.test";
    private static final String REALM = "EXAMPLE.TEST";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static MitKdc kdc;
    static Slapd slapd;
    static RunningServer server;
    static Path data;
    static int offset;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("swaks");
        kdc = MitKdc.start(tmp.resolve("mit"), REALM);
        Path slapdKeytab = tmp.resolve("slapd.keytab");
        kdc.addServices("localhost", slapdKeytab, "ldap");

        Map<String, String> slapdEnv = new java.util.HashMap<>(kdc.clientEnv());
        slapdEnv.put("KRB5_KTNAME", "FILE:" + slapdKeytab);
        slapd = Slapd.start(tmp.resolve("slapd"), """
                sasl-realm %1$s
                sasl-host localhost
                authz-regexp "^uid=host/[^,]+(,cn=[^,]+)?,cn=gssapi,cn=auth$" "cn=postern,%2$s"
                """.formatted(REALM, Slapd.SUFFIX), slapdEnv);
        slapd.add("""
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: example
                o: Example

                dn: ou=people,%1$s
                objectClass: organizationalUnit
                ou: people

                dn: cn=postern,%1$s
                objectClass: organizationalRole
                cn: postern

                dn: uid=alice,ou=people,%1$s
                objectClass: inetOrgPerson
                uid: alice
                cn: Alice Liddell
                sn: Liddell
                mail: alice@example.test
                userPassword: alice ldap pw
                """.formatted(Slapd.SUFFIX));

        data = tmp.resolve("data");
        offset = FreePorts.offset();
        KerberosFolders.realm(data.toString(), HOST, kdc, tmp.resolve("postern.keytab"));
        Files.copy(slapd.certificate(), data.resolve("ldap-ca.pem"));
        slapd.nameAsDirectory(data, "bind: gssapi");
        server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
    }

    @AfterAll
    static void stop() throws Exception {
        RunningServer.stopAll(server, slapd, kdc);
    }

    @Test
    @Order(1)
    void swaksDeliversToAnLdapUserReadByTheHostPrincipal() throws Exception {
        ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(25 + offset), "--from", "sender@elsewhere.test", "--to", "alice@example.test",
                "--header", "Subject: read over gssapi", "--body", "found in LDAP by a Kerberos bind"), TIMEOUT);
        assertThat(sent.exit()).as("%s", sent).isZero();
        assertThat(sent.out()).contains("250 2.0.0");
        assertThat(TestMailboxes.inboxOnceItHolds(data, "alice@example.test", 1)).isEqualTo(1);

        String log = slapd.log();
        // the SASL bind by the host/ principal, mapped by authz-regexp, on a connection already under TLS (ssf of the cipher)
        assertThat(log).contains("BIND authcid=\"host/" + HOST + "@" + REALM + "\"")
                .containsPattern("BIND dn=\"cn=postern," + Slapd.SUFFIX + "\" mech=GSSAPI bind_ssf=0 ssf=(128|256)")
                .doesNotContainPattern("BIND dn=\"cn=postern[^\"]*\" mech=SIMPLE"); // the service never binds with a password
        assertThat(kdc.log()).contains("host/" + HOST + "@" + REALM + " for ldap/localhost@" + REALM);
    }

    /** After the delivery: a user of the external directory has a mailbox from the first message on. */
    @Test
    @Order(2)
    void imapsSignsInWithTheLdapPasswordWhileTheServiceBindsWithKerberos() throws Exception {
        ExternalTool.require("curl");
        ExternalTool.Result ok = ExternalTool.run(List.of("curl", "-sS", "-k", "imaps://127.0.0.1:" + (993 + offset) + "/INBOX",
                "--login-options", "AUTH=PLAIN", "-u", "alice:alice ldap pw", "-X", "EXAMINE INBOX"), TIMEOUT);
        assertThat(ok.exit()).as("%s", ok).isZero();
        ExternalTool.Result wrong = ExternalTool.run(List.of("curl", "-sS", "-k", "imaps://127.0.0.1:" + (993 + offset) + "/INBOX",
                "--login-options", "AUTH=PLAIN", "-u", "alice:not her password", "-X", "EXAMINE INBOX"), TIMEOUT);
        assertThat(wrong.exit()).as("%s", wrong).isNotZero();
        // the password was checked by a simple bind as alice, on a connection of its own under TLS
        assertThat(slapd.log()).containsPattern("BIND dn=\"uid=alice,ou=people," + Slapd.SUFFIX + "\" mech=SIMPLE bind_ssf=0 ssf=(128|256)");
    }

    @Test
    @Order(3)
    void theHubDirectoryRowIsDeclaredWithKerberosOverTls() throws Exception {
        PosternProcess.Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data.toString());
        assertThat(r.exitStatus()).as("%s", r).isZero();
        JsonNode row = null;
        for (JsonNode n : new ObjectMapper().readTree(r.out())) {
            if (n.get("id").asText().equals("hub-directory")) {
                row = n;
            }
        }
        assertThat(row).as("hub-directory row in %s", r.out()).isNotNull();
        assertThat(row.get("default_auth").toString()).isEqualTo("[\"kerberos\"]");
        assertThat(row.get("supported_auth").toString()).contains("kerberos").contains("basic");
        assertThat(row.get("encryption").asText()).isEqualTo("tls");
        assertThat(row.get("ports").toString()).contains(slapd.port() + "/tcp");
    }
}

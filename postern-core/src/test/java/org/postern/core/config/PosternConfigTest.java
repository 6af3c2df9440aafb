package org.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.Role;

class PosternConfigTest {

    @TempDir
    Path tmp;

    @Test
    void anEmptyFileMeansTheDefaults() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), "");
        PosternConfig c = PosternConfig.load(f);
        assertThat(c.roleSet()).isEqualTo(Role.DEFAULT);
        assertThat(c.portOffset()).isZero();
        assertThat(c.store().type()).isEqualTo("sqlite");
        assertThat(c.directory().ntlm()).isFalse();
        assertThat(c.hostname()).isNotBlank();
    }

    @Test
    void readsEverySetting() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), """
                hostname: mail.example.test
                roles: [hub]
                port_offset: 1000
                store: {type: postgresql, url: "jdbc:postgresql://db/postern", user: postern, password_file: pw}
                directory: {ntlm: true}
                """);
        PosternConfig c = PosternConfig.load(f);
        assertThat(c.hostname()).isEqualTo("mail.example.test");
        assertThat(c.roleSet()).containsExactly(Role.HUB);
        assertThat(c.portOffset()).isEqualTo(1000);
        assertThat(c.store().isPostgresql()).isTrue();
        assertThat(c.directory().ntlm()).isTrue();
    }

    @Test
    void aStoreSectionKeepsTheDefaultsOfWhatItLeavesOut() throws Exception {
        StoreConfig postgresql = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), """
                store: {type: postgresql, url: "jdbc:postgresql://db/postern", user: postern}
                """)).store();
        assertThat(postgresql.blobs()).isEqualTo("blobs");
        StoreConfig limitOnly = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "store: {inline_limit: 0}\n")).store();
        assertThat(limitOnly.type()).isEqualTo("sqlite");
        assertThat(limitOnly.blobs()).isEqualTo("blobs");
    }

    @Test
    void theArgon2CostDefaultsToNothingSetAndCanBeSet() throws Exception {
        DirectoryConfig.Argon2 unset = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "")).directory().argon2();
        assertThat(unset).isEqualTo(new DirectoryConfig.Argon2(null, null, null));
        DirectoryConfig.Argon2 set = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), """
                directory: {argon2: {memory_kib: 65536, iterations: 3}}
                """)).directory().argon2();
        assertThat(set).isEqualTo(new DirectoryConfig.Argon2(65536, 3, null));
    }

    @Test
    void theScramIterationCountIsUnsetOrAtLeastRfc7677sMinimum() throws Exception {
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "")).directory().scramIterations()).isNull();
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "directory: {scram_iterations: 4096}\n"))
                .directory().scramIterations()).isEqualTo(4096);
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "directory: {scram_iterations: 1000}\n");
        assertThatThrownBy(() -> PosternConfig.load(bad)).hasMessageContaining("directory.scram_iterations must be at least 4096");
    }

    @Test
    void theInlineLimitOfTheStoreIsLeftToTheStoreOrSetWithinItsBounds() throws Exception {
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "")).store().inlineLimit()).isNull();
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "store: {inline_limit: 0}\n"))
                .store().inlineLimit()).isZero();
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "store: {inline_limit: 2000000}\n");
        assertThatThrownBy(() -> PosternConfig.load(bad)).hasMessageContaining("store.inline_limit");
    }

    @Test
    void theDefaultStorageQuotaIsNoneOrASizeWithABinaryUnit() throws Exception {
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "")).store().quotaOctets()).isEmpty();
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "store: {quota: 2GiB}\n"))
                .store().quotaOctets()).hasValue(2L << 30);
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "store: {quota: 1048576}\n"))
                .store().quotaOctets()).hasValue(1L << 20);
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "store: {quota: 2 gigs}\n");
        assertThatThrownBy(() -> PosternConfig.load(bad)).hasMessageContaining("store.quota").hasMessageContaining("2 gigs");
        Path decimal = Files.writeString(tmp.resolve("decimal.yaml"), "store: {quota: 2GB}\n");
        assertThatThrownBy(() -> PosternConfig.load(decimal)).hasMessageContaining("store.quota");
    }

    @Test
    void imapBoundsDefaultAndCanBeRaised() throws Exception {
        ImapConfig defaults = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "")).imap();
        assertThat(defaults).isEqualTo(new ImapConfig(10_000, 100, 50));
        ImapConfig raised = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), """
                imap: {max_connections: 20000, max_sessions_per_user: 12000}
                """)).imap();
        assertThat(raised).isEqualTo(new ImapConfig(20_000, 100, 12_000));
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "imap: {max_connections_per_source: 0}\n");
        assertThatThrownBy(() -> PosternConfig.load(bad)).hasMessageContaining("max_connections_per_source");
        assertThat(defaults.storePollDuration()).isEqualTo(java.time.Duration.ofSeconds(30));
        ImapConfig polled = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "imap: {store_poll: 2s}\n")).imap();
        assertThat(polled.storePollDuration()).isEqualTo(java.time.Duration.ofSeconds(2));
        Path badPoll = Files.writeString(tmp.resolve("bad-poll.yaml"), "imap: {store_poll: soon}\n");
        assertThatThrownBy(() -> PosternConfig.load(badPoll)).hasMessageContaining("imap.store_poll");
    }

    @Test
    void transportDefaultsSendNothingOutAndRetryForTwoDays() throws Exception {
        TransportConfig t = PosternConfig.load(Files.writeString(tmp.resolve("postern.yaml"), "")).transport();
        assertThat(t.outboundMode()).isEqualTo(TransportConfig.Outbound.NONE);
        assertThat(t.dnsServers()).isEmpty();
        assertThat(t.tlsPolicies()).isEmpty();
        assertThat(t.retry().expiryDuration()).isEqualTo(java.time.Duration.ofDays(2));
        assertThat(t.retry().delayNoticeDuration()).isEqualTo(java.time.Duration.ofHours(4));
        assertThat(t.retry().backoffDurations()).first().isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(t.idleConnectionDuration()).isEqualTo(java.time.Duration.ofSeconds(5));
    }

    @Test
    void readsTheTransportSettings() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), """
                transport:
                  smart_host: {host: relay.example.test, port: 2525, user: hub, password_file: relay-password}
                  dns_servers: ["127.0.0.1:5353", "[::1]:53"]
                  tls_policies:
                    - {domain: Partner.Example, tls: require}
                    - {domain: other.example, tls: opportunistic}
                  routes:
                    - {domain: lab.example, host: 127.0.0.1, port: 10025}
                  trusted_certificates: tls/partners.pem
                  retry: {backoff: [2s, 10s], expiry: 30s, delay_notice: 1h}
                  idle_connection_time: 2m
                """);
        TransportConfig t = PosternConfig.load(f).transport();
        assertThat(t.outboundMode()).as("a smart host implies it").isEqualTo(TransportConfig.Outbound.SMART_HOST);
        assertThat(t.smartHost()).isEqualTo(new TransportConfig.SmartHost("relay.example.test", 2525, "hub", "relay-password"));
        assertThat(t.dnsServers()).containsExactly("127.0.0.1:5353", "[::1]:53");
        assertThat(t.tlsPolicies()).extracting(TransportConfig.TlsPolicy::domain).containsExactly("partner.example", "other.example");
        assertThat(t.tlsPolicies().getFirst().required()).isTrue();
        assertThat(t.routes()).containsExactly(new TransportConfig.Route("lab.example", "127.0.0.1", 10025));
        assertThat(t.trustedCertificatesFile()).contains("tls/partners.pem");
        assertThat(t.retry().backoffDurations()).containsExactly(java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(10));
        assertThat(t.retry().expiryDuration()).isEqualTo(java.time.Duration.ofSeconds(30));
        assertThat(t.idleConnectionDuration()).isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void badTransportSettingsAreErrorsNamingThem() throws Exception {
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("a.yaml"), "transport: {outbound: carrier-pigeon}\n")))
                .hasMessageContaining("outbound");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("b.yaml"), "transport: {outbound: smart_host}\n")))
                .hasMessageContaining("smart_host.host");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("c.yaml"),
                "transport: {tls_policies: [{domain: a.example, tls: maybe}]}\n"))).hasMessageContaining("require or opportunistic");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("d.yaml"), "transport: {retry: {expiry: 2 days}}\n")))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("e.yaml"), "transport: {idle_connection_time: 5}\n")))
                .hasMessageContaining("transport.idle_connection_time").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("f.yaml"), "transport: {idle_connection_time: 0s}\n")))
                .hasMessageContaining("transport.idle_connection_time");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("g.yaml"), "transport: {idle_connection_time: 1h}\n")))
                .hasMessageContaining("transport.idle_connection_time must be at most 5m");
    }

    @Test
    void theEmbeddedKdcByDefaultAnExternalRealmWhenNamed() throws Exception {
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("e.yaml"), "")).kerberos().externalRealm()).isEmpty();
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("f.yaml"), "kerberos: {}\n")).kerberos().externalRealm())
                .isEmpty();
        KerberosConfig k = PosternConfig.load(Files.writeString(tmp.resolve("g.yaml"), """
                kerberos: {realm: EXAMPLE.TEST, kdcs: [kdc1.example.test, "127.0.0.1:8888"], keytab: /etc/postern.keytab}
                """)).kerberos();
        assertThat(k.externalRealm()).contains("EXAMPLE.TEST");
        assertThat(k.kdcs()).containsExactly("kdc1.example.test", "127.0.0.1:8888");
        assertThat(k.keytab()).isEqualTo("/etc/postern.keytab");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("h.yaml"),
                "kerberos: {realm: example.test, kdcs: [kdc], keytab: k}\n"))).hasMessageContaining("upper case");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("i.yaml"),
                "kerberos: {realm: EXAMPLE.TEST, keytab: k}\n"))).hasMessageContaining("kerberos.kdcs");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("j.yaml"),
                "kerberos: {realm: EXAMPLE.TEST, kdcs: [kdc]}\n"))).hasMessageContaining("kerberos.keytab");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("k.yaml"),
                "kerberos: {keytab: k}\n"))).hasMessageContaining("need kerberos.realm");
    }

    @Test
    void peerHubsAreRoutesOrASmartHostWithKerberos() throws Exception {
        TransportConfig t = PosternConfig.load(Files.writeString(tmp.resolve("l.yaml"), """
                transport:
                  smart_host: {host: hub2.example.test, auth: kerberos}
                  routes: [{domain: branch.test, host: hub3.example.test, auth: Kerberos}, {domain: lab.test, host: 192.0.2.1}]
                """)).transport();
        assertThat(t.smartHost().kerberos()).isTrue();
        assertThat(t.routes()).extracting(TransportConfig.Route::kerberos).containsExactly(true, false);
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("m.yaml"),
                "transport: {routes: [{domain: a.test, host: h, auth: plain}]}\n"))).hasMessageContaining("auth must be kerberos");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("n.yaml"),
                "transport: {smart_host: {host: h, auth: kerberos, user: u, password_file: p}}\n")))
                .hasMessageContaining("exclude each other");
    }

    @Test
    void anUnknownSettingIsAnError() throws Exception {
        Path f = Files.writeString(tmp.resolve("postern.yaml"), "rolez: [hub]\n");
        assertThatThrownBy(() -> PosternConfig.load(f)).hasMessageContaining("rolez");
    }

    @Test
    void rolesParseAndTheEdgeRunsAlone() {
        assertThat(Role.parseList("all")).containsExactlyInAnyOrder(Role.HUB, Role.MAILBOX, Role.CAS, Role.UM);
        assertThat(Role.parseList("edge")).containsExactly(Role.EDGE);
        assertThatThrownBy(() -> Role.parseList("edge,hub")).hasMessageContaining("edge");
        assertThatThrownBy(() -> Role.parseList("hub,sales")).hasMessageContaining("sales");
    }

    @Test
    void anExternalLdapDirectoryIsReadAndCheckedForEncryption() throws Exception {
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("e.yaml"), "")).directory().external()).isEmpty();
        ExternalLdapConfig ldap = PosternConfig.load(Files.writeString(tmp.resolve("l.yaml"), """
                directory:
                  ldap:
                    url: ldap://dc1.example.test
                    bind_dn: cn=postern,dc=example,dc=test
                    bind_password_file: ldap-password
                    base_dn: dc=example,dc=test
                """)).directory().external().orElseThrow();
        assertThat(ldap.implicitTls()).isFalse();
        assertThat(ldap.port()).isEqualTo(389);
        assertThat(ldap.host()).isEqualTo("dc1.example.test");
        assertThat(ldap.cacheSeconds()).isEqualTo(300);
        ExternalLdapConfig ldaps = PosternConfig.load(Files.writeString(tmp.resolve("s.yaml"),
                "directory: {ldap: {url: 'ldaps://dc1.example.test', base_dn: 'dc=example,dc=test'}}\n")).directory().ldap();
        assertThat(ldaps.implicitTls()).isTrue();
        assertThat(ldaps.port()).isEqualTo(636);
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("h.yaml"),
                "directory: {ldap: {url: 'http://dc1.example.test', base_dn: 'dc=example,dc=test'}}\n")))
                .hasMessageContaining("ldap:// (StartTLS) or ldaps://");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("b.yaml"),
                "directory: {ldap: {url: 'ldaps://dc1.example.test'}}\n"))).hasMessageContaining("base_dn");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("p.yaml"),
                "directory: {ldap: {url: 'ldaps://dc1', base_dn: 'dc=x', bind_dn: 'cn=a,dc=x'}}\n")))
                .hasMessageContaining("bind_password_file");
    }

    @Test
    void aGssapiBindToTheExternalDirectoryNeedsAnExternalRealmAndNoPassword() throws Exception {
        ExternalLdapConfig gssapi = PosternConfig.load(Files.writeString(tmp.resolve("g.yaml"), """
                directory:
                  ldap: {url: 'ldap://dc1.example.test', bind: GSSAPI, base_dn: 'dc=example,dc=test'}
                kerberos: {realm: EXAMPLE.TEST, kdcs: [dc1.example.test], keytab: postern.keytab}
                """)).directory().ldap();
        assertThat(gssapi.gssapiBind()).isTrue();
        assertThat(PosternConfig.load(Files.writeString(tmp.resolve("d.yaml"),
                "directory: {ldap: {url: 'ldaps://dc1', base_dn: 'dc=x'}}\n")).directory().ldap().gssapiBind()).isFalse();
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("n.yaml"),
                "directory: {ldap: {url: 'ldaps://dc1', bind: gssapi, base_dn: 'dc=x'}}\n")))
                .hasMessageContaining("needs an external Kerberos realm");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("w.yaml"), """
                directory:
                  ldap: {url: 'ldaps://dc1', bind: gssapi, base_dn: 'dc=x', bind_dn: 'cn=a,dc=x', bind_password_file: pw}
                kerberos: {realm: EXAMPLE.TEST, kdcs: [dc1.example.test], keytab: postern.keytab}
                """))).hasMessageContaining("not bind_dn and bind_password_file");
        assertThatThrownBy(() -> PosternConfig.load(Files.writeString(tmp.resolve("x.yaml"),
                "directory: {ldap: {url: 'ldaps://dc1', bind: ntlm, base_dn: 'dc=x'}}\n")))
                .hasMessageContaining("simple or gssapi");
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.postern.core.testing.ExternalTool;

/**
 * A private OpenLDAP server (Debian's slapd) for tests: its own {@code slapd.conf}, database
 * and TLS certificate (for {@code localhost} and 127.0.0.1) in a folder of the test, on two free
 * loopback ports (ldap:// with StartTLS, ldaps://), in the foreground as a child of the test, stopped by its pid. The package's own
 * instance is never used. The suffix is {@code dc=example,dc=test}; {@code cn=admin} (password
 * {@link #ADMIN_PASSWORD}) is its root DN, used only to load data.
 */
final class Slapd implements AutoCloseable {

    static final String SUFFIX = "dc=example,dc=test";
    static final String ADMIN_DN = "cn=admin," + SUFFIX;
    static final String ADMIN_PASSWORD = "slapd admin pw";
    /** The password of postern's service account {@code cn=postern} ({@link #addWithServiceAccount}). */
    static final String SERVICE_PASSWORD = "postern service pw";

    private final Path folder;
    private final int port;
    private final int ldapsPort;
    private final Map<String, String> environment;
    private Process process;

    private Slapd(Path folder, int port, int ldapsPort, Map<String, String> environment) {
        this.folder = folder;
        this.port = port;
        this.ldapsPort = ldapsPort;
        this.environment = environment;
    }

    /** Writes the configuration and a certificate, then starts the server. */
    static Slapd start(Path folder) throws Exception {
        return start(folder, "", Map.of());
    }

    /**
     * As {@link #start(Path)}, with global directives of slapd.conf (before the database: SASL
     * settings, {@code authz-regexp}) and extra environment for the slapd process (its Kerberos
     * keytab in {@code KRB5_KTNAME}, for example). slapd logs its operations ({@code -d stats})
     * to {@link #log()}.
     */
    static Slapd start(Path folder, String globalDirectives, Map<String, String> environment) throws Exception {
        ExternalTool.require("slapd");
        ExternalTool.require("openssl");
        Files.createDirectories(folder.resolve("db"));
        ExternalTool.Result cert = ExternalTool.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", folder.resolve("key.pem").toString(), "-out", folder.resolve("cert.pem").toString(), "-days", "2",
                "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"), Duration.ofSeconds(60));
        assertThat(cert.exit()).as("%s", cert).isZero();
        Files.writeString(folder.resolve("slapd.conf"), """
                include /etc/ldap/schema/core.schema
                include /etc/ldap/schema/cosine.schema
                include /etc/ldap/schema/inetorgperson.schema
                modulepath /usr/lib/ldap
                moduleload back_mdb
                pidfile %1$s/slapd.pid
                TLSCertificateFile %1$s/cert.pem
                TLSCertificateKeyFile %1$s/key.pem
                %5$s
                database mdb
                maxsize 10485760
                suffix "%2$s"
                rootdn "%3$s"
                rootpw "%4$s"
                directory %1$s/db
                access to attrs=userPassword by anonymous auth by * none
                access to * by users read by * none
                """.formatted(folder, SUFFIX, ADMIN_DN, ADMIN_PASSWORD, globalDirectives));
        int port;
        int ldapsPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServerSocket probe2 = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
            ldapsPort = probe2.getLocalPort();
        }
        Slapd slapd = new Slapd(folder, port, ldapsPort, Map.copyOf(environment));
        slapd.run();
        return slapd;
    }

    /** Starts (or starts again) the server on the same port and database; returns once it accepts connections. */
    void run() throws Exception {
        ProcessBuilder builder = new ProcessBuilder("slapd", "-f", folder.resolve("slapd.conf").toString(),
                "-h", "ldap://127.0.0.1:" + port + "/ ldaps://127.0.0.1:" + ldapsPort + "/", "-d", "stats")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve("slapd.log").toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("slapd did not start: " + Files.readString(folder.resolve("slapd.log")), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Stops the server (SIGTERM to its pid) and waits until it has. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The port of ldap:// (StartTLS). */
    int port() {
        return port;
    }

    /** The port of ldaps:// (TLS from the first byte). */
    int ldapsPort() {
        return ldapsPort;
    }

    /** What slapd logged (its operations: connections, binds with their mechanism and identity, searches). */
    String log() throws IOException {
        return Files.readString(folder.resolve("slapd.log"), StandardCharsets.UTF_8);
    }

    Path certificate() {
        return folder.resolve("cert.pem");
    }

    /**
     * Adds the suffix entry ({@code dc=example,dc=test}) and postern's service account
     * {@code cn=postern} under it (password {@link #SERVICE_PASSWORD}), then {@code entries}.
     */
    void addWithServiceAccount(String entries) throws Exception {
        add("""
                dn: %1$s
                objectClass: dcObject
                objectClass: organization
                dc: example
                o: Example

                dn: cn=postern,%1$s
                objectClass: organizationalRole
                objectClass: simpleSecurityObject
                cn: postern
                userPassword: %2$s

                """.formatted(SUFFIX, SERVICE_PASSWORD) + entries);
    }

    /**
     * Writes what a data folder names for this directory: {@code ldap-ca.pem} (this server's
     * certificate, to trust) and {@code ldap-password} (the service account's password).
     */
    void writeClientFiles(Path data) throws IOException {
        Files.copy(certificate(), data.resolve("ldap-ca.pem"));
        Files.writeString(data.resolve("ldap-password"), SERVICE_PASSWORD + "\n");
    }

    /**
     * Names this server in the data folder's {@code postern.yaml} as its external directory
     * ({@code directory.ldap}): {@code ldap://localhost} on {@link #port()} with StartTLS, trusting
     * {@code ldap-ca.pem}, the base {@link #SUFFIX}, and {@code bind}, the YAML lines that say how
     * to bind ({@code bind: gssapi}, or {@code bind_dn: ...} and {@code bind_password_file: ...}).
     */
    void nameAsDirectory(Path data, String... bind) throws IOException {
        Path yaml = data.resolve(DataFolder.CONFIG_FILE);
        String config = Files.readString(yaml);
        assertThat(config).contains("  ntlm: false\n");
        StringBuilder ldap = new StringBuilder("  ntlm: false\n  ldap:\n    url: ldap://localhost:" + port + "\n");
        for (String line : bind) {
            ldap.append("    ").append(line).append('\n');
        }
        ldap.append("    base_dn: ").append(SUFFIX).append("\n    ca_file: ldap-ca.pem\n");
        Files.writeString(yaml, config.replace("  ntlm: false\n", ldap));
    }

    /** Adds entries as the root DN with OpenLDAP's ldapadd, over StartTLS. */
    void add(String ldif) throws Exception {
        ExternalTool.require("ldapadd");
        ExternalTool.Result r = ExternalTool.run(List.of("ldapadd", "-x", "-ZZ", "-H", "ldap://127.0.0.1:" + port,
                        "-D", ADMIN_DN, "-w", ADMIN_PASSWORD),
                ldif.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60), Map.of("LDAPTLS_REQCERT", "never"));
        assertThat(r.exit()).as("%s", r).isZero();
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

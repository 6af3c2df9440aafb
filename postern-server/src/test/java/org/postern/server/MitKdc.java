package org.postern.server;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.postern.core.testing.ExternalTool;

/**
 * A private MIT Kerberos realm for a test (Debian krb5-kdc and krb5-admin-server): its files in
 * a folder of the test's ({@code KRB5_CONFIG} and {@code KRB5_KDC_PROFILE} point there, never
 * at /etc), its database made with {@code kdb5_util create -s}, principals and keytabs made with
 * {@code kadmin.local}, and {@code krb5kdc -n} on a free loopback port (TCP and UDP), stopped by
 * {@link #close()}. Fails, never skips, when the tools are missing.
 */
final class MitKdc implements AutoCloseable {

    private static final String KRB5KDC = "/usr/sbin/krb5kdc";
    private static final String KDB5_UTIL = "/usr/sbin/kdb5_util";
    private static final String KADMIN_LOCAL = "/usr/sbin/kadmin.local";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path folder;
    private final String realm;
    private final int port;
    private final Map<String, String> env;
    private final Process kdc;
    private final CompletableFuture<String> output;

    private MitKdc(Path folder, String realm, int port, Map<String, String> env, Process kdc, CompletableFuture<String> output) {
        this.folder = folder;
        this.realm = realm;
        this.port = port;
        this.env = env;
        this.kdc = kdc;
        this.output = output;
    }

    /**
     * Makes the realm in {@code folder} and starts its KDC. A KDC that dies at start (its port
     * taken meanwhile by another test on this shared machine) is started again on another port.
     */
    static MitKdc start(Path folder, String realm) throws Exception {
        return start(folder, realm, Map.of());
    }

    /**
     * As {@link #start(Path, String)}, with extra environment for the KDC process alone (a clock
     * of libfaketime's, {@code LD_PRELOAD} and {@code FAKETIME}, for example).
     */
    static MitKdc start(Path folder, String realm, Map<String, String> kdcEnvironment) throws Exception {
        for (String tool : List.of(KRB5KDC, KDB5_UTIL, KADMIN_LOCAL)) {
            ExternalTool.require(tool);
        }
        Files.createDirectories(folder);
        Map<String, String> env = Map.of("KRB5_CONFIG", folder.resolve("krb5.conf").toString(),
                "KRB5_KDC_PROFILE", folder.resolve("kdc.conf").toString(),
                "KRB5CCNAME", "FILE:" + folder.resolve("ccache"));
        String failures = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            writeConfiguration(folder, realm, port);
            if (attempt == 0) {
                ExternalTool.Result made = ExternalTool.run(List.of(KDB5_UTIL, "-r", realm, "create", "-s", "-P", "master-" + port),
                        new byte[0], TIMEOUT, env);
                if (made.exit() != 0) {
                    throw new AssertionError("kdb5_util create failed: " + made);
                }
            }
            ProcessBuilder pb = new ProcessBuilder(KRB5KDC, "-n", "-r", realm).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().putAll(kdcEnvironment);
            Process process = pb.start();
            CompletableFuture<String> output = ExternalTool.drain(process.getInputStream());
            MitKdc kdc = new MitKdc(folder, realm, port, env, process, output);
            if (kdc.awaitListening()) {
                return kdc;
            }
            kdc.close();
            failures += "port " + port + ": " + output.getNow("") + kdc.log() + "\n";
        }
        throw new AssertionError("krb5kdc did not start:\n" + failures);
    }

    /** A port free for TCP and UDP, below the ephemeral range (so no outgoing connection holds it). */
    private static int freePort() {
        for (int i = 0; i < 200; i++) {
            int port = 10000 + ThreadLocalRandom.current().nextInt(0, 22000);
            try (ServerSocket tcp = new ServerSocket(port); DatagramSocket udp = new DatagramSocket(port)) {
                return tcp.getLocalPort() == udp.getLocalPort() ? port : freePort();
            } catch (IOException e) {
                // taken; try another
            }
        }
        throw new AssertionError("no free port for the KDC");
    }

    private static void writeConfiguration(Path folder, String realm, int port) throws IOException {
        Files.writeString(folder.resolve("kdc.conf"), """
                [kdcdefaults]
                    kdc_ports = %2$d
                    kdc_tcp_ports = %2$d
                    kdc_listen = 127.0.0.1
                    kdc_tcp_listen = 127.0.0.1
                [realms]
                    %1$s = {
                        database_name = %3$s/principal
                        key_stash_file = %3$s/stash
                        acl_file = %3$s/kadm5.acl
                        kdc_ports = %2$d
                        kdc_tcp_ports = %2$d
                        master_key_type = aes256-cts-hmac-sha1-96
                        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
                    }
                [logging]
                    kdc = FILE:%3$s/kdc.log
                """.formatted(realm, port, folder));
        Files.writeString(folder.resolve("krb5.conf"), """
                [libdefaults]
                    default_realm = %1$s
                    dns_lookup_kdc = false
                    dns_lookup_realm = false
                    dns_canonicalize_hostname = false
                    rdns = false
                [realms]
                    %1$s = {
                        kdc = 127.0.0.1:%2$d
                    }
                """.formatted(realm, port));
        Files.writeString(folder.resolve("kadm5.acl"), "");
    }

    /** Whether the KDC takes TCP connections within the timeout; false when it died first. */
    private boolean awaitListening() throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return true;
            } catch (IOException e) {
                if (!kdc.isAlive() || Instant.now().isAfter(deadline)) {
                    return false;
                }
                Thread.sleep(100);
            }
        }
    }

    String realm() {
        return realm;
    }

    /** {@code 127.0.0.1:port}, as {@code kerberos.kdcs} names it. */
    String kdc() {
        return "127.0.0.1:" + port;
    }

    /** KRB5_CONFIG and KRB5CCNAME for the MIT clients (kinit, klist) and curl. */
    Map<String, String> clientEnv() {
        return env;
    }

    /** A user principal with a password ({@code addprinc -pw}). */
    void addUser(String name, String password) throws Exception {
        kadmin("addprinc -pw " + password + " " + name);
    }

    /** Service principals of a host with random keys, exported to {@code keytab} ({@code ktadd}). */
    void addServices(String hostname, Path keytab, String... services) throws Exception {
        for (String service : services) {
            kadmin("addprinc -randkey " + service + "/" + hostname);
            kadmin("ktadd -k " + keytab + " " + service + "/" + hostname);
        }
    }

    /** Runs one kadmin.local query; fails the test when it fails. */
    String kadmin(String query) throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of(KADMIN_LOCAL, "-r", realm, "-q", query), new byte[0], TIMEOUT, env);
        if (r.exit() != 0 || r.err().contains("rror")) {
            throw new AssertionError("kadmin.local -q '" + query + "' failed: " + r);
        }
        return r.out();
    }

    /** What the KDC logged (its log file), for assertions on who asked for what. */
    String log() throws IOException {
        Path log = folder.resolve("kdc.log");
        return Files.isRegularFile(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    @Override
    public void close() {
        kdc.destroy();
        try {
            if (!kdc.waitFor(10, TimeUnit.SECONDS)) {
                kdc.destroyForcibly();
                kdc.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            kdc.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

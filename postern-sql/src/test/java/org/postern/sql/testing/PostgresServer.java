package org.postern.sql.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.postern.sql.Database;

/**
 * A real PostgreSQL server for tests, started from Debian's {@code postgresql} package
 * ({@code /usr/lib/postgresql/<N>/bin}, newest N): {@code initdb} into a temporary folder and
 * {@code pg_ctl start} on a free loopback port, with its socket in that folder. When the
 * tests run as root (CI), the binaries run as the {@code postgres} system user, since initdb
 * refuses root. One server per test JVM, shared by every test class ({@link #shared()}),
 * stopped and removed by a shutdown hook; each test class takes a database of its own
 * ({@link #newDatabase}).
 *
 * <p>If PostgreSQL is not installed, {@link #shared()} throws: a test that needs it fails,
 * it never skips. Durability is switched off ({@code fsync=off}) for speed; these tests
 * check behaviour, the SQLite crash test checks durability.
 */
public final class PostgresServer {

    /** The database superuser initdb creates; trust authentication on loopback. */
    public static final String USER = "postgres";

    private static final String BIN_ROOT = "/usr/lib/postgresql";
    private static PostgresServer shared;

    private final Path bin;
    private final Path folder;
    private final int port;
    private final List<String> asUser;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path bin, Path folder, int port, List<String> asUser) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
        this.asUser = asUser;
    }

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start();
            PostgresServer server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "postgres-test-server-stop"));
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** Creates an empty database named after the prefix and a counter; returns its JDBC URL. */
    public String createDatabase(String prefix) {
        String name = (prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_" + databases.incrementAndGet());
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        name = "t_" + name;
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }

    /** A new database for one test class, opened as a {@link Database} with the given pool size. */
    public Database newDatabase(String prefix, int poolSize) {
        return Database.postgresql(createDatabase(prefix), USER, "", poolSize);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private static PostgresServer start() {
        Path bin = findBin();
        try {
            Path folder = Files.createTempDirectory("postern-pg-");
            List<String> asUser = List.of();
            if (isRoot()) {
                asUser = List.of("runuser", "-u", USER, "--");
                chownToPostgres(folder);
            }
            Path data = folder.resolve("data");
            run(folder, asUser, List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER,
                    "-A", "trust", "-E", "UTF8", "--no-sync", "--locale=C"));
            IOException last = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                int port = freePort();
                PostgresServer server = new PostgresServer(bin, folder, port, asUser);
                try {
                    run(folder, asUser, List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(),
                            "-l", folder.resolve("server.log").toString(), "-w", "-t", "60",
                            "-o", "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=" + folder
                                    + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                    + " -c max_connections=300",
                            "start"));
                    return server;
                } catch (IOException e) {
                    last = e;
                }
            }
            throw new IllegalStateException("PostgreSQL did not start", last);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the test PostgreSQL server: " + e.getMessage(), e);
        }
    }

    /** Stops the server at once and removes its folder. */
    public synchronized void stop() {
        try {
            run(folder, asUser, List.of(bin.resolve("pg_ctl").toString(), "-D", folder.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop"));
        } catch (IOException e) {
            // removed below all the same
        }
        deleteTree(folder);
    }

    private static Path findBin() {
        Path root = Path.of(BIN_ROOT);
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Path found = versions.filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                        .filter(p -> Files.isExecutable(p.resolve("bin/initdb")))
                        .max(Comparator.comparingDouble(p -> Double.parseDouble(p.getFileName().toString())))
                        .orElse(null);
                if (found != null) {
                    return found.resolve("bin");
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot list " + BIN_ROOT, e);
            }
        }
        throw new IllegalStateException("PostgreSQL is not installed (no " + BIN_ROOT + "/<N>/bin/initdb);"
                + " install Debian's package: apt-get install postgresql");
    }

    private static boolean isRoot() throws IOException {
        return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    }

    private static void chownToPostgres(Path folder) throws IOException {
        UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(USER);
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(Path folder, List<String> asUser, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(command);
        Path output = Files.createTempFile("postern-pg-cmd-", ".log");
        try {
            Process p = new ProcessBuilder(full).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", full));
            }
            if (p.exitValue() != 0) {
                String log = "";
                Path serverLog = folder.resolve("server.log");
                if (Files.isReadable(serverLog)) {
                    log = Files.readString(serverLog, StandardCharsets.UTF_8);
                }
                throw new IOException("failed (exit " + p.exitValue() + "): " + String.join(" ", full) + "\n"
                        + Files.readString(output, StandardCharsets.UTF_8) + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + String.join(" ", full), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort at exit
                }
            });
        } catch (IOException e) {
            // best effort at exit
        }
    }
}

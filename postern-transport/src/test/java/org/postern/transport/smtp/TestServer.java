package org.postern.transport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import org.postern.core.testing.MemoryTrackingLog;
import org.postern.auth.AuthThrottle;
import org.postern.auth.AuthThrottleSettings;
import org.postern.auth.DirectoryAuthenticator;
import org.postern.core.directory.Directory;
import org.postern.core.tls.SelfSignedCertificate;
import org.postern.core.tls.TlsMaterial;
import org.postern.directory.DirectorySettings;
import org.postern.directory.EmbeddedDirectory;
import org.postern.directory.password.Argon2Settings;
import org.postern.sql.Database;
import org.postern.transport.queue.JournalQueue;
import org.postern.transport.queue.QueuedMessage;

/**
 * A real {@link SmtpReceiveService} on loopback for tests: a real journal queue in a temporary
 * folder, a real embedded directory on a temporary SQLite file (domain example.org; users
 * alice and bob; alias ali → alice; group team), the real authenticator, a self-signed
 * certificate, and a tracking log that keeps events in memory.
 */
final class TestServer implements AutoCloseable {

    static final String HOST = "mx.example.org";
    static final String ALICE = "alice@example.org";
    static final String ALICE_PASSWORD = "alice-secret-1";
    static final String BOB = "bob@example.org";
    static final String BOB_PASSWORD = "bob-secret-2";

    final Path folder;
    final Database database;
    final EmbeddedDirectory directory;
    final JournalQueue queue;
    final MemoryTrackingLog tracking = new MemoryTrackingLog();
    final SSLContext tls;
    final SmtpReceiveService service;
    final int offset;
    final SmtpReceiveSettings settings;
    private final Directory seen;

    private TestServer(Path folder, UnaryOperator<SmtpReceiveSettings> tune, UnaryOperator<Directory> wrap)
            throws Exception {
        this.folder = folder;
        database = Database.sqlite(folder.resolve("directory.db"));
        directory = EmbeddedDirectory.open(database, new DirectorySettings(false, new Argon2Settings(64, 1, 1)));
        directory.addDomain("example.org");
        directory.addUser(ALICE, "Alice", ALICE_PASSWORD.toCharArray());
        directory.addUser(BOB, "Bob", BOB_PASSWORD.toCharArray());
        directory.addAlias("ali@example.org", ALICE);
        directory.addGroup("team@example.org", "Team");
        directory.addMember("team@example.org", ALICE);
        queue = JournalQueue.open(folder.resolve("queue"));
        SelfSignedCertificate.create("localhost", folder.resolve("cert.pem"), folder.resolve("key.pem"));
        tls = TlsMaterial.load(folder.resolve("cert.pem"), folder.resolve("key.pem")).serverContext();
        SmtpReceiveSettings settings = tune.apply(SmtpReceiveSettings.DEFAULTS.withReverseDns(false)
                .withSpool(1024 * 1024, Optional.of(Files.createDirectories(folder.resolve("spool")))));
        this.settings = settings;
        seen = wrap.apply(directory);
        SmtpReceiveService started = null;
        int chosen = -1;
        IOException last = null;
        for (int attempt = 0; attempt < 30 && started == null; attempt++) {
            int candidate = freeOffset();
            SmtpReceiveService s = new SmtpReceiveService(HOST, candidate, InetAddress.getLoopbackAddress(), tls, seen,
                    new DirectoryAuthenticator(seen, new AuthThrottle(AuthThrottleSettings.DEFAULTS)), queue, tracking,
                    settings);
            try {
                s.start();
                started = s;
                chosen = candidate;
            } catch (IOException e) {
                last = e;
            }
        }
        if (started == null) {
            throw new IOException("no free ports", last);
        }
        service = started;
        offset = chosen;
    }

    static TestServer start(Path folder) throws Exception {
        return new TestServer(folder, s -> s, d -> d);
    }

    static TestServer start(Path folder, UnaryOperator<SmtpReceiveSettings> tune) throws Exception {
        return new TestServer(folder, tune, d -> d);
    }

    static TestServer start(Path folder, UnaryOperator<SmtpReceiveSettings> tune, UnaryOperator<Directory> wrap)
            throws Exception {
        return new TestServer(folder, tune, wrap);
    }

    /** What a session of this listener kind gets, for sessions run over a stream pair. */
    SessionConfig config(SmtpListenerKind kind) {
        return new SessionConfig(kind, HOST, settings, tls,
                new DirectoryAuthenticator(seen, new AuthThrottle(AuthThrottleSettings.DEFAULTS)),
                PolicyChain.standard(seen, settings.limits(), settings.maxHops()),
                new MessageIntake(HOST, queue, tracking, java.time.Clock.systemUTC()), SessionConfig.extensionsFor(kind));
    }

    int port(SmtpListenerKind kind) {
        return service.address(kind).orElseThrow().getPort();
    }

    /** Every queued message matching, in arrival order. */
    List<QueuedMessage> queued(Predicate<QueuedMessage> which) {
        return queue.list().stream().filter(which).toList();
    }

    /** The one queued message whose envelope sender is this address; fails unless exactly one. */
    QueuedMessage onlyFrom(String sender) {
        List<QueuedMessage> found = queued(m -> m.envelope().reversePath().toString().equals(sender));
        assertThat(found).as("messages queued from " + sender).hasSize(1);
        return found.getFirst();
    }

    List<QueuedMessage> from(String sender) {
        return queued(m -> m.envelope().reversePath().toString().equals(sender));
    }

    byte[] content(QueuedMessage m) throws IOException {
        try (InputStream in = queue.openContent(m.id())) {
            return in.readAllBytes();
        }
    }

    /**
     * The content with the fields the server prepended removed: the Received field (with its
     * folded lines) and, for a submission, a Date and a Message-ID it added. Checks that the
     * first field is our Received field.
     */
    static byte[] pastAddedHeaders(byte[] content, int addedFields) {
        String text = new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(text).startsWith("Received: from ");
        int pos = 0;
        for (int field = 0; field < addedFields; field++) {
            int end = text.indexOf("\r\n", pos) + 2;
            while (end < text.length() && (text.charAt(end) == '\t' || text.charAt(end) == ' ')) {
                end = text.indexOf("\r\n", end) + 2;
            }
            pos = end;
        }
        return java.util.Arrays.copyOfRange(content, pos, content.length);
    }

    /** The prepended Received field, unfolded. */
    static String receivedField(byte[] content) {
        String text = new String(content, java.nio.charset.StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n", 0) + 2;
        while (text.charAt(end) == '\t') {
            end = text.indexOf("\r\n", end) + 2;
        }
        return text.substring(0, end).replace("\r\n\t", " ").strip();
    }

    @Override
    public void close() throws IOException {
        service.close();
        queue.close();
        database.close();
    }

    private static int freeOffset() {
        while (true) {
            int offset = ThreadLocalRandom.current().nextInt(20_000, 60_000);
            if (free(25 + offset) && free(465 + offset) && free(587 + offset)) {
                return offset;
            }
        }
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Waits until the listeners hold no connection (every session thread has ended). */
    void awaitNoConnections(Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (service.openConnections() > 0 && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        assertThat(service.openConnections()).as("open connections").isZero();
    }
}

package org.postern.server;

import org.postern.auth.testing.OneUserAuthenticator;

import org.postern.core.net.Connection;
import org.postern.core.net.StreamConnection;
import org.postern.core.testing.BytePipe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.Authenticator;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.clientaccess.imap.ImapBackend;
import org.postern.clientaccess.imap.ImapSession;
import org.postern.clientaccess.imap.UserSessions;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.SpecialUse;
import org.postern.protocols.imap.ImapLimits;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.sql.Database;
import org.postern.sql.testing.PostgresServer;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;

/**
 * IMAP transcripts (style rule 13, as James's MPT scripts): every {@code imap/transcripts/*.test}
 * run against an {@link ImapSession} on every store backend — SQLite and PostgreSQL (which fails,
 * never skips, when PostgreSQL is not installed). A script's lines are {@code C: text} (sent
 * with CRLF), {@code S: text} (the next line the server sends must match; {@code {*}} stands
 * for any text), {@code #} comments and blank lines; a first line {@code PLAIN} runs the
 * session as on port 143 before STARTTLS, otherwise as with TLS. Each script starts on a
 * mailbox whose Inbox holds {@code seed-1.eml} and {@code seed-2.eml}, dated 2024-07-17.
 */
class ImapTranscriptTest {

    static final EmailAddress ALICE = EmailAddress.parse("alice@example.test");
    static final User ALICE_USER = OneUserAuthenticator.ALICE_USER;

    @TempDir
    static Path tmp;

    private static Path folder() throws URISyntaxException {
        return Path.of(ImapTranscriptTest.class.getResource("/imap/transcripts").toURI());
    }

    @TestFactory
    Stream<DynamicTest> transcripts() throws Exception {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(folder())) {
            scripts = s.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertThat(scripts).isNotEmpty();
        List<DynamicTest> tests = new ArrayList<>();
        List<String> backends = List.of("sqlite", "postgresql");
        for (String backend : backends) {
            for (Path script : scripts) {
                tests.add(DynamicTest.dynamicTest(backend + ": " + script.getFileName(), () -> run(backend, script)));
            }
        }
        return tests.stream();
    }

    private static Database open(String backend) throws IOException {
        return switch (backend) {
            case "sqlite" -> Database.sqlite(Files.createTempDirectory(tmp, "sqlite").resolve("store.db"));
            case "postgresql" -> PostgresServer.shared().newDatabase("imaptranscript", 4);
            default -> throw new IllegalArgumentException(backend);
        };
    }

    private static void run(String backend, Path script) throws Exception {
        List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
        boolean tls = lines.isEmpty() || !lines.getFirst().strip().equals("PLAIN");
        try (Database db = open(backend)) {
            SqlMailboxStore store = SqlMailboxStore.open(db, Files.createTempDirectory(tmp, "blobs"), StoreLimits.defaults());
            store.createMailbox(ALICE);
            var inbox = store.findFolder(ALICE, SpecialUse.INBOX).orElseThrow().id();
            for (String seed : List.of("seed-1.eml", "seed-2.eml")) {
                byte[] bytes = Files.readAllBytes(folder().resolve(seed));
                store.append(inbox, new AppendRequest(new ByteArrayInputStream(bytes), Set.of(), Set.of(),
                        Instant.parse("2024-07-17T09:23:25Z"), Optional.empty()));
            }
            ImapBackend backendConfig = new ImapBackend(new OneUserAuthenticator(), store, ImapLimits.DEFAULTS.withMaxAppend(10_000),
                    new UserSessions(10), "imap.example.test");
            Conversation c = new Conversation(backendConfig, tls);
            try {
                int n = 0;
                for (String line : lines) {
                    n++;
                    if (line.startsWith("C: ")) {
                        c.send(line.substring(3) + "\r\n");
                    } else if (line.startsWith("S: ")) {
                        String actual = c.line();
                        String expected = line.substring(3);
                        assertThat(actual).as("%s line %d", script.getFileName(), n).isNotNull();
                        assertThat(matches(expected, actual)).as("%s line %d:%n expected %s%n but got  %s", script.getFileName(), n, expected, actual)
                                .isTrue();
                    } else if (!line.isBlank() && !line.startsWith("#") && !(n == 1 && line.strip().equals("PLAIN"))) {
                        throw new AssertionError(script.getFileName() + " line " + n + ": not C:, S: or a comment: " + line);
                    }
                }
            } finally {
                c.close();
            }
        }
    }

    /** Literal comparison where {@code {*}} matches any text. */
    static boolean matches(String expected, String actual) {
        String[] parts = expected.split(Pattern.quote("{*}"), -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(actual).matches();
    }

    /** A session on its own virtual thread over in-memory pipes. */
    static final class Conversation {
        private final BytePipe clientToServer = new BytePipe();
        private final BytePipe serverToClient = new BytePipe();
        private final OutputStream toServer = clientToServer.sink();
        private final InputStream fromServer = serverToClient.source();
        private final Thread session;

        Conversation(ImapBackend backend, boolean tls) {
            OutputStream serverOut = serverToClient.sink();
            Connection channel = new StreamConnection(clientToServer.source(), serverOut, InetAddress.getLoopbackAddress(), "IMAP", tls);
            session = Thread.ofVirtual().start(() -> {
                new ImapSession(channel, Optional.empty(), backend).run();
                try {
                    serverOut.close();
                } catch (IOException e) {
                    // the reader is gone
                }
            });
        }

        void send(String text) throws IOException {
            toServer.write(text.getBytes(StandardCharsets.UTF_8));
            toServer.flush();
        }

        String line() {
            try {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                int c;
                while ((c = fromServer.read()) >= 0) {
                    if (c == '\n') {
                        byte[] bytes = b.toByteArray();
                        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                        return new String(bytes, 0, n, StandardCharsets.UTF_8);
                    }
                    b.write(c);
                }
                return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            } catch (IOException e) {
                return null;
            }
        }

        void close() throws InterruptedException {
            try {
                toServer.close();
            } catch (IOException e) {
                // ignore
            }
            session.join(5000);
        }
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postern.core.store.SpecialUse;
import org.postern.core.testing.TrustAnyCertificate;

/**
 * POP3 against what a hostile or broken client does, on a real {@code postern run}: credentials
 * before STLS, plain text pipelined behind STLS, wrong passwords, a flood of garbage, an
 * overlong line, a connection dropped after DELE, and a second session on a locked maildrop.
 */
class Pop3AbuseTest {

    static final String USER = "carol@example.test";
    static final String PASSWORD = "c0rrect horse";

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    @BeforeEach
    void emptyInbox() throws Exception {
        TestMailboxes.empty(MAIL.data(), USER, SpecialUse.INBOX);
    }

    /** A bare POP3 client on a socket: lines out, lines in, STLS. Trusts any certificate. */
    static final class Wire implements AutoCloseable {
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        private Wire(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(30_000);
            streams();
        }

        static Wire plain() throws IOException {
            return new Wire(new Socket(InetAddress.getLoopbackAddress(), 110 + MAIL.offset()));
        }

        static Wire implicitTls() throws Exception {
            SSLSocket s = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), 995 + MAIL.offset());
            s.startHandshake();
            return new Wire(s);
        }

        private void streams() throws IOException {
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        }

        String line() throws IOException {
            return in.readLine();
        }

        void send(String text) throws IOException {
            out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        String ask(String command) throws IOException {
            send(command);
            return line();
        }

        /** A multi-line response after its first line, without the final dot. */
        List<String> rest() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String l = line(); !".".equals(l); l = line()) {
                lines.add(l);
            }
            return lines;
        }

        void startTls() throws Exception {
            SSLSocket tls = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
            tls.startHandshake();
            socket = tls;
            streams();
        }

        String login(String user, String password) throws IOException {
            assertThat(ask("USER " + user)).startsWith("+OK");
            return ask("PASS " + password);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void credentialsBeforeStlsAreRefusedAndPipelinedPlainTextIsDropped() throws Exception {
        try (Wire w = Wire.plain()) {
            assertThat(w.line()).startsWith("+OK");
            assertThat(w.ask("CAPA")).startsWith("+OK");
            assertThat(w.rest()).contains("STLS", "TOP", "UIDL").doesNotContain("USER").noneMatch(l -> l.startsWith("SASL"));
            assertThat(w.ask("USER " + USER)).startsWith("-ERR [AUTH] ");
            assertThat(w.ask("PASS " + PASSWORD)).startsWith("-ERR [AUTH] ");
            assertThat(w.ask("AUTH PLAIN")).startsWith("-ERR [AUTH] ");
            assertThat(w.ask("STAT")).startsWith("-ERR");
            // STLS with a command pipelined behind it: the plain-text command is never run.
            w.send("STLS\r\nUSER injected@example.test");
            assertThat(w.line()).isEqualTo("+OK Begin TLS negotiation");
            w.startTls();
            assertThat(w.ask("PASS " + PASSWORD)).as("no USER survived STLS").isEqualTo("-ERR USER first");
            assertThat(w.ask("CAPA")).startsWith("+OK");
            List<String> capabilities = w.rest();
            assertThat(capabilities).contains("USER").doesNotContain("STLS")
                    .anyMatch(l -> l.startsWith("SASL PLAIN LOGIN")); // GSSAPI follows once the KDC has a realm
            assertThat(w.ask("STLS")).startsWith("-ERR");
            assertThat(w.login(USER, PASSWORD)).startsWith("+OK");
            assertThat(w.ask("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void wrongPasswordsGetOneAnswerAndAreSlowedDown() throws Exception {
        try (Wire w = Wire.implicitTls()) {
            assertThat(w.line()).startsWith("+OK");
            int logged = failureDelays().size();
            List<Duration> took = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Instant start = Instant.now();
                // An account that does not exist answers exactly like a wrong password.
                assertThat(w.login(i == 1 ? "nobody@example.test" : USER, "wrong")).isEqualTo("-ERR [AUTH] Authentication failed");
                took.add(Duration.between(start, Instant.now()));
            }
            // The delay each failure was given, as the server decided it (its log), not the
            // client's wall clock: on a busy machine an undelayed answer may take a second too.
            assertThat(failureDelays(logged + 4).subList(logged, logged + 4)).as("the server's delay of each failure, in ms")
                    .containsExactly(0L, 0L, 0L, 1000L);
            assertThat(took.getLast()).as("the third failure of one account and source waits").isGreaterThanOrEqualTo(Duration.ofMillis(900));
            assertThat(w.login(USER, PASSWORD)).as("a correct password is never delayed").startsWith("+OK");
        }
    }

    private static final Pattern FAILURE = Pattern.compile("authentication failed: protocol=pop3 .* delay=(\\d+)ms");

    /** The delay of each POP3 authentication failure the server logged so far, in order. */
    private static List<Long> failureDelays() {
        return FAILURE.matcher(MAIL.server().errors()).results().map(m -> Long.parseLong(m.group(1))).toList();
    }

    /**
     * The same once at least {@code count} are logged: the server logs a failure before it
     * answers, but the test reads its log on a thread of its own.
     */
    private static List<Long> failureDelays(int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<Long> delays = failureDelays();
        while (delays.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
            delays = failureDelays();
        }
        return delays;
    }

    @Test
    void aThousandGarbageLinesSpendTheBudgetAndTheServerGoesOn() throws Exception {
        int answered = 0;
        String last = null;
        try (Wire w = Wire.plain()) {
            assertThat(w.line()).startsWith("+OK");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 1000; i++) {
                        w.send("GARBAGE " + i);
                    }
                } catch (IOException e) {
                    // the server closed the connection: expected
                }
            });
            try {
                for (String l = w.line(); l != null; l = w.line()) {
                    answered++;
                    last = l;
                }
            } catch (IOException reset) {
                // a reset after the server closed with our garbage unread: the session is over either way
            }
            writer.join(30_000);
        }
        assertThat(answered).as("responses before the server closed").isBetween(1, 21);
        if (answered == 21) {
            assertThat(last).isEqualTo("-ERR Too many bad commands, closing");
        }
        try (Wire w = Wire.implicitTls()) {
            assertThat(w.line()).startsWith("+OK");
            assertThat(w.login(USER, PASSWORD)).startsWith("+OK");
            assertThat(w.ask("QUIT")).startsWith("+OK");
        }
    }

    @Test
    void anOverlongLineIsRefusedAndTheSessionGoesOn() throws Exception {
        try (Wire w = Wire.implicitTls()) {
            assertThat(w.line()).startsWith("+OK");
            assertThat(w.ask("USER " + "a".repeat(100_000))).isEqualTo("-ERR Line too long");
            assertThat(w.ask("LIST " + "9".repeat(600))).startsWith("-ERR");
            assertThat(w.login(USER, PASSWORD)).startsWith("+OK");
            assertThat(w.ask("NOOP")).isEqualTo("+OK");
        }
    }

    @Test
    void deleThenADroppedConnectionRemovesNothing() throws Exception {
        TestMailboxes.append(MAIL.data(), USER, Pop3ClientsTest.MESSAGE);
        try (Wire w = Wire.implicitTls()) {
            assertThat(w.line()).startsWith("+OK");
            assertThat(w.login(USER, PASSWORD)).startsWith("+OK");
            assertThat(w.ask("DELE 1")).startsWith("+OK");
        } // dropped without QUIT
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX)).hasSize(1);
        String stat = null;
        for (int attempt = 0; attempt < 50; attempt++) { // the MAIL.server() notices the drop at its next read
            try (Wire w = Wire.implicitTls()) {
                w.line();
                String login = w.login(USER, PASSWORD);
                if (login.startsWith("+OK")) {
                    stat = w.ask("STAT");
                    w.ask("QUIT");
                    break;
                }
                assertThat(login).startsWith("-ERR [IN-USE]");
            }
            Thread.sleep(100);
        }
        assertThat(stat).isEqualTo("+OK 1 " + Pop3ClientsTest.MESSAGE.length);
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX)).hasSize(1);
    }

    @Test
    void aSecondSessionOnALockedMaildropIsInUse() throws Exception {
        try (Wire first = Wire.implicitTls(); Wire second = Wire.plain()) {
            first.line();
            assertThat(first.login(USER, PASSWORD)).startsWith("+OK");
            second.line();
            assertThat(second.ask("STLS")).startsWith("+OK");
            second.startTls();
            assertThat(second.login(USER, PASSWORD)).startsWith("-ERR [IN-USE] ");
            assertThat(first.ask("QUIT")).startsWith("+OK");
            assertThat(second.login(USER, PASSWORD)).startsWith("+OK");
            assertThat(second.ask("QUIT")).startsWith("+OK");
        }
    }
}

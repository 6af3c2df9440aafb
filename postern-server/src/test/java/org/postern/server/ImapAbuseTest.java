package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postern.core.testing.TrustAnyCertificate;

/**
 * IMAP4 against what a hostile or broken client does, on a real {@code postern run}: LOGIN
 * before STARTTLS, plain text pipelined behind STARTTLS, a literal over the limit (synchronizing
 * and not), 1,000 malformed commands, deep nesting, an overlong line, and more sessions for one
 * user than allowed.
 */
class ImapAbuseTest {

    static final String USER = "dave@example.test";
    static final String PASSWORD = "c0rrect horse";

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    /** A raw IMAP connection: write text, read lines. */
    static final class Wire implements AutoCloseable {
        Socket socket;
        BufferedReader in;
        OutputStream out;

        Wire(Socket socket) throws IOException {
            use(socket);
        }

        void use(Socket s) throws IOException {
            socket = s;
            socket.setSoTimeout(20_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            out = socket.getOutputStream();
        }

        static Wire plain() throws IOException {
            return new Wire(new Socket("127.0.0.1", 143 + MAIL.offset()));
        }

        static Wire tls() throws Exception {
            SSLSocket s = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket("127.0.0.1", 993 + MAIL.offset());
            s.startHandshake();
            return new Wire(s);
        }

        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        String line() throws IOException {
            return in.readLine();
        }

        /** Lines up to and including the one starting with {@code tag + " "}. */
        List<String> until(String tag) throws IOException {
            List<String> lines = new ArrayList<>();
            for (String l = line(); l != null; l = line()) {
                lines.add(l);
                if (l.startsWith(tag + " ")) {
                    break;
                }
            }
            return lines;
        }

        String command(String tag, String command) throws IOException {
            send(tag + " " + command + "\r\n");
            List<String> lines = until(tag);
            return lines.isEmpty() ? null : lines.getLast();
        }

        Wire login() throws IOException {
            assertThat(line()).startsWith("* OK");
            assertThat(command("l", "LOGIN " + USER + " \"" + PASSWORD + "\"")).startsWith("l OK");
            return this;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void loginBeforeStartTlsIsRefusedAndPipelinedPlainTextIsDropped() throws Exception {
        try (Wire w = Wire.plain()) {
            assertThat(w.line()).contains("STARTTLS", "LOGINDISABLED");
            assertThat(w.command("a1", "LOGIN " + USER + " \"" + PASSWORD + "\"")).startsWith("a1 NO [PRIVACYREQUIRED]");
            assertThat(w.command("a2", "AUTHENTICATE PLAIN")).startsWith("a2 NO [PRIVACYREQUIRED]");
            // STARTTLS with a command pipelined behind it in plain text: the server must not run it.
            w.send("a3 STARTTLS\r\nx1 LOGIN " + USER + " \"" + PASSWORD + "\"\r\n");
            assertThat(w.line()).startsWith("a3 OK");
            SSLSocket tls = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket(w.socket, "127.0.0.1", 143 + MAIL.offset(), true);
            tls.startHandshake();
            w.use(tls);
            w.send("a4 CAPABILITY\r\n");
            List<String> lines = w.until("a4");
            assertThat(lines).noneMatch(l -> l.startsWith("x1"));
            assertThat(lines.getFirst()).contains("AUTH=PLAIN").doesNotContain("STARTTLS");
            assertThat(w.command("a5", "SELECT INBOX")).as("not logged in by the injected LOGIN").startsWith("a5 BAD");
        }
    }

    @Test
    void literalsOverTheLimit() throws Exception {
        try (Wire w = Wire.tls().login()) {
            w.send("a1 APPEND INBOX {999999999}\r\n");
            assertThat(w.line()).startsWith("a1 NO [TOOBIG]");
            assertThat(w.command("a2", "NOOP")).isEqualTo("a2 OK NOOP completed");
            w.send("a3 LOGIN {999999999+}\r\n");
            assertThat(w.line()).startsWith("* BYE");
            assertThat(w.line()).isNull();
        }
    }

    @Test
    void aThousandMalformedCommandsEachGetBadAndTheSessionGoesOn() throws Exception {
        try (Wire w = Wire.tls().login()) {
            StringBuilder burst = new StringBuilder();
            String[] garbage = {"FROB", "FETCH", "FETCH 0 FLAGS", "SEARCH ((((", "STORE 1 +FLAGS (\\Bogus", "LOGIN", "\"unterminated", "UID",
                "SELECT", "APPEND INBOX \"x\"", "FETCH 1 BODY[1.FOO]"};
            for (int i = 0; i < 1000; i++) {
                burst.append("g").append(i).append(' ').append(garbage[i % garbage.length]).append("\r\n");
            }
            w.send(burst.toString());
            for (int i = 0; i < 1000; i++) {
                String l = w.line();
                assertThat(l).as("reply %d", i).isNotNull().containsAnyOf(" BAD ", " NO ");
                assertThat(l).startsWith("g" + i + " ");
            }
            assertThat(w.command("n", "NOOP")).isEqualTo("n OK NOOP completed");
            assertThat(w.command("s", "SELECT INBOX")).startsWith("s OK [READ-WRITE]");
        }
    }

    @Test
    void deepNestingAndOverlongLines() throws Exception {
        try (Wire w = Wire.tls().login()) {
            assertThat(w.command("s", "SELECT INBOX")).startsWith("s OK");
            assertThat(w.command("d1", "SEARCH " + "(".repeat(10_000) + "ALL" + ")".repeat(10_000))).startsWith("d1 BAD");
            assertThat(w.command("d2", "SEARCH " + "NOT ".repeat(10_000) + "ALL")).startsWith("d2 BAD");
            assertThat(w.command("d3", "FETCH 1 (" + "BODY[1.".repeat(1000))).startsWith("d3 BAD");
            assertThat(w.command("d4", "LOGIN " + "x".repeat(200_000))).startsWith("d4 BAD");
            assertThat(w.command("n", "NOOP")).isEqualTo("n OK NOOP completed");
        }
    }

    @Test
    void sessionsPerUserAreBounded() throws Exception {
        List<Wire> open = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                open.add(Wire.tls().login());
            }
            try (Wire extra = Wire.tls()) {
                assertThat(extra.line()).startsWith("* OK");
                assertThat(extra.command("l", "LOGIN " + USER + " \"" + PASSWORD + "\"")).startsWith("l NO [LIMIT]");
            }
            open.getFirst().command("o", "LOGOUT");
            Thread.sleep(200);
            try (Wire again = Wire.tls()) {
                again.login();
            }
        } finally {
            for (Wire w : open) {
                w.close();
            }
        }
    }
}

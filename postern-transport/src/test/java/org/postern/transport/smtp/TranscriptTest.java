package org.postern.transport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.net.StreamConnection;
import org.postern.core.testing.BytePipe;

/**
 * Runs the protocol scripts in {@code src/test/resources/smtp-transcripts/*.test} against an
 * {@link SmtpSession} over a pair of streams (no socket), each with a fresh queue and directory
 * (the {@link TestServer} world). A script is lines of:
 * <pre>
 * USE submission tls         first, optional: the listener (default mx), and "tls" to act as under TLS
 * C: a command line          sent with CRLF
 * R: raw octets              sent as written, with \r \n \\ escapes and no CRLF added
 * S: the start of a line     one reply line from the server must start with this
 * CLOSED                     the server has closed the connection
 * QUEUED n                   the queue holds n messages
 * # a comment
 * </pre>
 * Replies to pipelined commands are read after all of them were sent, as a real client does.
 */
class TranscriptTest {

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException, URISyntaxException {
        Path folder = Path.of(TranscriptTest.class.getResource("/smtp-transcripts").toURI());
        List<Path> scripts;
        try (Stream<Path> files = Files.list(folder)) {
            scripts = files.filter(p -> p.toString().endsWith(".test")).sorted().toList();
        }
        assertThat(scripts).isNotEmpty();
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
    }

    private void run(Path script) throws Exception {
        try (TestServer world = TestServer.start(tmp.resolve(script.getFileName().toString()))) {
            BytePipe toServer = new BytePipe();
            BytePipe toClient = new BytePipe();
            OutputStream client = toServer.sink();
            InputStream serverIn = toServer.source();
            OutputStream serverOut = toClient.sink();
            InputStream fromServer = toClient.source();
            List<String> lines = Files.readAllLines(script, StandardCharsets.UTF_8);
            // "USE <listener> [tls]" first: which listener's session, and whether it acts as under TLS.
            SmtpListenerKind kind = SmtpListenerKind.MX;
            boolean tls = false;
            String first = lines.stream().filter(l -> !l.isBlank() && !l.startsWith("#")).findFirst().orElse("");
            if (first.startsWith("USE ")) {
                String[] words = first.substring(4).strip().split(" +");
                kind = SmtpListenerKind.valueOf(words[0].toUpperCase(java.util.Locale.ROOT));
                tls = words.length > 1 && words[1].equals("tls");
            }
            SmtpSession session = new SmtpSession(new StreamConnection(serverIn, serverOut,
                    InetAddress.getByName("192.0.2.1"), kind.listenerName(), tls), world.config(kind));
            Thread thread = Thread.ofVirtual().start(() -> {
                session.run();
                try {
                    serverOut.close();
                } catch (IOException e) {
                    // the pipe is gone with the session
                }
            });
            int number = 0;
            for (String line : lines) {
                number++;
                String where = script.getFileName() + ":" + number + " " + line;
                if (line.isBlank() || line.startsWith("#") || line.startsWith("USE ")) {
                    continue;
                }
                if (line.startsWith("C: ")) {
                    client.write((line.substring(3) + "\r\n").getBytes(StandardCharsets.UTF_8));
                    client.flush();
                } else if (line.startsWith("R: ")) {
                    client.write(unescape(line.substring(3)).getBytes(StandardCharsets.UTF_8));
                    client.flush();
                } else if (line.startsWith("S: ")) {
                    assertThat(readLine(fromServer)).as(where).startsWith(line.substring(3));
                } else if (line.equals("CLOSED")) {
                    assertThat(readLine(fromServer)).as(where).isNull();
                } else if (line.startsWith("QUEUED ")) {
                    assertThat(world.queue.size()).as(where).isEqualTo(Integer.parseInt(line.substring(7).strip()));
                } else {
                    throw new AssertionError("bad script line " + where);
                }
            }
            client.close();
            thread.join(10_000);
            assertThat(thread.isAlive()).as("session ended").isFalse();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(switch (n) {
                    case 'r' -> '\r';
                    case 'n' -> '\n';
                    default -> n;
                });
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}

package org.postern.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Postfix's {@code smtp-sink} on a free loopback port (package postfix; see .ci/run): a real,
 * independent SMTP server that takes mail and throws it away — or dumps each transaction to
 * a file — and with {@code -v} prints every command it received.
 */
public final class SmtpSink implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dumps;
    private final StringBuffer output = new StringBuffer();

    private SmtpSink(Process process, int port, Path dumps) {
        this.process = process;
        this.port = port;
        this.dumps = dumps;
        Thread.ofVirtual().start(() -> {
            try (InputStream in = process.getInputStream()) {
                byte[] b = new byte[8192];
                for (int n = in.read(b); n >= 0; n = in.read(b)) {
                    output.append(new String(b, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // ended
            }
        });
    }

    /** Starts one with extra options ({@code -p}: no PIPELINING, {@code -N}: no DSN, {@code -f RCPT}: refuse …). */
    public static SmtpSink start(String... options) throws IOException, InterruptedException {
        String tool = Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator), new String[] {"/usr/sbin"})
                .flatMap(Stream::of).map(d -> Path.of(d, "smtp-sink")).filter(Files::isExecutable).findFirst()
                .map(Path::toString).orElseThrow(() -> new AssertionError("smtp-sink is not installed: apt-get install postfix (see .ci/run)"));
        Path dumps = Files.createTempDirectory("postern-sink");
        Files.setPosixFilePermissions(dumps, PosixFilePermissions.fromString("rwxrwxrwx"));
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(tool, "-v", "-d", dumps + "/m."));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of(options));
        command.addAll(List.of("127.0.0.1:" + port, "10"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        SmtpSink sink = new SmtpSink(p, port, dumps);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60)); // a process start on a busy machine
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                probe.getInputStream().read(); // the greeting: it serves
                break;
            } catch (IOException e) {
                if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                    throw new AssertionError("smtp-sink did not start: " + sink.output);
                }
                Thread.sleep(50);
            }
        }
        return sink;
    }

    public int port() {
        return port;
    }

    /** What smtp-sink printed: a line per command it received, with {@code -v}. */
    public String transcript() {
        return output.toString();
    }

    /** The commands received, one per line, without the program's name. */
    public List<String> commands() {
        return transcript().lines().filter(l -> l.contains("smtp-sink: ")).map(l -> l.substring(l.indexOf("smtp-sink: ") + 11))
                .filter(l -> l.matches("(EHLO|HELO|MAIL|RCPT|DATA|RSET|QUIT|STARTTLS|AUTH|NOOP|\\.).*")).toList();
    }

    /** Waits until the sink has printed a line matching the predicate text, or the limit passes. */
    public void awaitCommand(String prefix, int count, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (commands().stream().filter(c -> c.startsWith(prefix)).count() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
    }

    /** The dumped transactions (smtp-sink's dump format: envelope attributes, then the message). */
    public List<String> dumps() throws IOException {
        try (Stream<Path> files = Files.list(dumps)) {
            List<String> out = new ArrayList<>();
            for (Path f : files.sorted(Comparator.naturalOrder()).toList()) {
                out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
            return out;
        }
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.list(dumps)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(dumps);
    }
}

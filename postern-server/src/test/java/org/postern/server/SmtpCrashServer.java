package org.postern.server;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postern.server.cli.RunCommand;

/**
 * A {@code postern run} JVM for {@link SmtpCrashTest}: started directly as {@code java} (so
 * {@link #kill} is a SIGKILL of the server itself, not of a shell around it), its output in a
 * file, and run from a private copy of the test's class folders, because other builds in the
 * same working tree may rewrite {@code target/classes} between two restarts.
 */
final class SmtpCrashServer {

    private static String privateClassPath;

    private final Process process;
    private final Path log;

    private SmtpCrashServer(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code postern run --data DATA --port-offset OFFSET --roles hub,mailbox} and waits until it is ready. */
    static SmtpCrashServer start(Path work, String data, int offset, int round) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(PosternProcess.command("run", "--data", data, "--port-offset",
                Integer.toString(offset), "--roles", "hub,mailbox"));
        int cp = command.indexOf("-cp");
        command.set(cp + 1, classPath(work));
        Path log = work.resolve("server-" + round + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String executable = p.info().command().orElse("");
        if (!executable.endsWith("/java")) {
            p.destroyForcibly();
            throw new AssertionError("the server process is not the JVM itself: " + executable);
        }
        SmtpCrashServer server = new SmtpCrashServer(p, log);
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    private void awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!Files.readString(log, StandardCharsets.UTF_8).contains(RunCommand.READY)) {
            if (!process.isAlive()) {
                throw new AssertionError("postern run ended before it was ready: exit " + process.exitValue() + "\n" + output());
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new AssertionError("postern run not ready in " + limit + ":\n" + output());
            }
            Thread.sleep(50);
        }
    }

    long pid() {
        return process.pid();
    }

    String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL to the server's JVM, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("postern run survived SIGKILL for 30 s");
        }
    }

    /** SIGTERM, and waits for the process to end; returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("postern run did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /** The test class path with its class folders copied under {@code work}, once per test JVM. */
    private static synchronized String classPath(Path work) throws IOException {
        if (privateClassPath == null) {
            String original = System.getProperty("java.class.path");
            List<String> entries = new ArrayList<>();
            int i = 0;
            for (String entry : original.split(File.pathSeparator)) {
                Path p = Path.of(entry);
                if (!Files.isDirectory(p)) {
                    entries.add(entry);
                    continue;
                }
                Path copy = work.resolve("classpath-" + i++);
                try (var files = Files.walk(p)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Path target = copy.resolve(p.relativize(f).toString());
                        if (Files.isDirectory(f)) {
                            Files.createDirectories(target);
                        } else {
                            Files.copy(f, target);
                        }
                    }
                }
                entries.add(copy.toString());
            }
            privateClassPath = String.join(File.pathSeparator, entries);
        }
        return privateClassPath;
    }
}

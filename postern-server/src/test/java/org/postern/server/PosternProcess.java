package org.postern.server;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.postern.core.testing.ExternalTool;

/**
 * Runs the {@code postern} command as its own process — a real JVM with the same class path
 * as the tests — so exit statuses, standard error and signals are the ones a user sees.
 */
final class PosternProcess {

    /** The result of a command that ran to its end. */
    record Result(int exitStatus, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private PosternProcess() {
    }

    static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Postern.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs a command to its end, with {@code stdin} (may be null) as its standard input. */
    static Result runWithInput(String stdin, String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).start();
        CompletableFuture<String> out = ExternalTool.drain(p.getInputStream());
        CompletableFuture<String> err = ExternalTool.drain(p.getErrorStream());
        try (var in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("postern " + String.join(" ", args) + " did not finish in 120 s");
        }
        try {
            return new Result(p.exitValue(), out.get(), err.get());
        } catch (ExecutionException e) {
            throw new IOException(e.getCause());
        }
    }

    static Result run(String... args) throws IOException, InterruptedException {
        return runWithInput(null, args);
    }

    /**
     * Runs a command inside this JVM (same code, same exit status and streams as the process,
     * without a JVM start): for the many administration commands a test runs.
     */
    static Result call(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        InputStream in = new ByteArrayInputStream(stdin == null ? new byte[0] : stdin.getBytes(StandardCharsets.UTF_8));
        int status = Postern.execute(in, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(status, out.toString(), err.toString());
    }

}

package org.postern.core.testing;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client that nobody here wrote (swaks, curl, python3, openssl, mbsync, …) as a
 * child process, for every module's tests. A missing tool fails the test — CI installs them
 * ({@code .ci/run}); a test that needs one never passes by skipping.
 */
public final class ExternalTool {

    private ExternalTool() {
    }

    /** What the tool did. */
    public record Result(int exit, String out, String err) {
        public String all() {
            return out + err;
        }

        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    /** The tool's path on PATH; throws {@link AssertionError} when it is not installed. */
    public static String require(String tool) {
        if (tool.contains("/")) {
            if (Files.isExecutable(Path.of(tool))) {
                return tool;
            }
            throw new AssertionError(tool + " is not installed (see .ci/run)");
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(tool + " is not installed: apt-get install it (see .ci/run)");
    }

    public static Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        return run(command, new byte[0], timeout, Map.of());
    }

    public static Result run(List<String> command, byte[] stdin, Duration timeout) throws IOException, InterruptedException {
        return run(command, stdin, timeout, Map.of());
    }

    /** Runs the command with {@code stdin} as its input and extra environment; fails the test if it outlives {@code timeout}. */
    public static Result run(List<String> command, byte[] stdin, Duration timeout, Map<String, String> env)
            throws IOException, InterruptedException {
        require(command.getFirst());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the tool closed its input early; its output says why
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish in " + timeout + "; output so far:\n"
                    + out.getNow("") + err.getNow(""));
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    /** Reads a stream to its end on a thread of its own (never the common pool, which has one thread on two cores). */
    public static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }
}

package org.postern.transport.smtp;

import static org.assertj.core.api.Assertions.fail;

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
 * Runs the real clients (swaks, curl, python3, openssl) as child processes. A missing tool
 * fails the test: CI installs them (.ci/run), and a test that needs one never passes by skipping.
 */
final class Tools {

    private Tools() {
    }

    record Result(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /** The tool's path; fails the test when it is not installed. */
    static String require(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail(tool + " is not installed: apt-get install " + tool + " (see .ci/run)");
    }

    static Result run(List<String> command, byte[] stdin, Duration timeout) throws Exception {
        return run(command, stdin, timeout, Map.of());
    }

    static Result run(List<String> command, byte[] stdin, Duration timeout, Map<String, String> env) throws Exception {
        require(command.getFirst());
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p = pb.start();
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the tool closed its input early; its output tells why
        }
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in " + timeout + "; output so far: "
                    + new String(out.getNow(new byte[0]), StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                new String(err.get(), StandardCharsets.UTF_8));
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}

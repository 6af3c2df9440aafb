package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.postern.server.cli.RunCommand;

/** A {@code postern run} process, started and waited for until it says it is ready. */
final class RunningServer implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final StringBuilder errSoFar = new StringBuilder();
    private final CompletableFuture<String> err = new CompletableFuture<>();

    private RunningServer(Process process) {
        this.process = process;
        Thread.ofVirtual().start(this::readErrors);
        Thread.ofVirtual().start(this::readOutput);
    }

    /** Standard error (the log) as it comes, so that a test can read it while the server runs. */
    private void readErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (errSoFar) {
                    errSoFar.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        synchronized (errSoFar) {
            err.complete(errSoFar.toString());
        }
    }

    static RunningServer start(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("run"));
        command.addAll(List.of(args));
        RunningServer server = new RunningServer(new ProcessBuilder(PosternProcess.command(command.toArray(String[]::new))).start());
        server.awaitReady(Duration.ofSeconds(90));
        return server;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                synchronized (out) {
                    out.add(line);
                    out.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private void awaitReady(Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        synchronized (out) {
            while (!out.contains(RunCommand.READY)) {
                if (!process.isAlive()) {
                    throw new AssertionError("postern run ended before it was ready: exit " + process.exitValue()
                            + "\n" + String.join("\n", out) + "\n" + errorsOfEndedProcess());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("postern run not ready in " + limit + ":\n" + String.join("\n", out));
                }
                out.wait(200);
            }
        }
    }

    /** Its whole log once it has ended: the reader may still be at work when the process is gone. */
    private String errorsOfEndedProcess() {
        try {
            return err.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // what was read so far, below
        }
        return errors();
    }

    /** What the server printed on standard output so far. */
    String output() {
        synchronized (out) {
            return String.join("\n", out) + "\n";
        }
    }

    /** What the server wrote on standard error (its log) so far. */
    String errors() {
        synchronized (errSoFar) {
            return errSoFar.toString();
        }
    }

    /** Everything the server wrote on standard error, once it has ended and the stream is read to its end. */
    String errorsAfterStop() throws Exception {
        if (process.isAlive()) {
            throw new IllegalStateException("the server is still running");
        }
        return err.get(30, TimeUnit.SECONDS);
    }

    Process process() {
        return process;
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("postern run did not stop within 60 s of SIGTERM");
        }
        return process.exitValue();
    }

    /**
     * Stops what a test class started, in the order given: a {@code postern run} with SIGTERM,
     * its exit status held to a clean stop (0, or 143 for the signal), a peer (a KDC, slapd) by its
     * {@code close()}. Every step is taken even when one before it failed; the first failure is
     * thrown at the end. A null (never started) is passed over.
     */
    static void stopAll(AutoCloseable... started) throws Exception {
        Throwable failure = null;
        for (AutoCloseable each : started) {
            try {
                if (each instanceof RunningServer server) {
                    assertThat(server.stop()).as("exit status of postern run").isIn(0, 143);
                } else if (each != null) {
                    each.close();
                }
            } catch (Exception | AssertionError e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure != null) {
            throw (AssertionError) failure;
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

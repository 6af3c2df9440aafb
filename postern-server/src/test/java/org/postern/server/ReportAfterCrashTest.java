package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.core.testing.SmtpSink;
import org.postern.server.PosternProcess.Result;

/**
 * One delivery status notification, even when {@code postern run} is killed with SIGKILL at
 * the worst moment: Postfix's {@code smtp-sink} refuses every RCPT with a 5xx, the hub queues a
 * failure report to the sender, and the test kills the JVM as soon as the report's bytes are in
 * the queue's journal — before the hub can record anything after it. Restarted, the hub must
 * deliver that report and must not run the refused delivery again into a second report: the
 * report and the refused recipient's state are one journal record (ADR 0005). Three rounds,
 * a message and a kill each; with the report and the state as two records the test saw a
 * second report in about half of the rounds.
 */
class ReportAfterCrashTest {

    /** Kills, each at the worst moment of its own refused message. */
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    @Test
    void aRefusedRecipientGetsTheSenderOneReportThoughTheHubIsKilledRightAfterQueueingIt() throws Exception {
        ExternalTool.require("swaks");
        Path data = tmp.resolve("data");
        int offset = FreePorts.offset();
        try (SmtpSink sink = SmtpSink.start("-f", "RCPT")) {
            Files.createDirectories(data);
            Files.writeString(data.resolve("postern.yaml"), """
                    hostname: hub.example.test
                    transport:
                      outbound: mx
                      routes: [{domain: refusing.test, host: 127.0.0.1, port: %d}]
                    """.formatted(sink.port()));
            RunningServer server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
            try {
                assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data.toString())
                        .exitStatus()).isZero();
                Result alice = PosternProcess.call("secret-alice\n", "user", "add", "alice@example.test",
                        "--password-stdin", "--data", data.toString());
                assertThat(alice.exitStatus()).as("%s", alice).isZero();

                for (int round = 1; round <= ROUNDS; round++) {
                    var sent = RelayTest.submit(tmp, 587 + offset, "ghost" + round + "@refusing.test", "refused" + round,
                            "Nobody is home.");
                    assertThat(sent.exit()).as("%s", sent).isZero();
                    awaitInJournal(data.resolve("queue"), reported(round), Duration.ofSeconds(60));
                    server.close(); // SIGKILL, at once
                    server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset));
                }
                assertThat(sink.commands()).filteredOn(c -> c.startsWith("RCPT TO:<ghost")).hasSizeGreaterThanOrEqualTo(ROUNDS);
                awaitEmptyQueue(data, Duration.ofSeconds(60));
                List<String> inbox = RelayTest.inbox(data.toString(), "alice@example.test", m -> true, Duration.ZERO);
                for (int round = 1; round <= ROUNDS; round++) {
                    String subject = "Subject: refused" + round;
                    String wanted = reported(round);
                    assertThat(inbox).as("reports on ghost%d@refusing.test", round).filteredOn(m -> m.contains(wanted))
                            .singleElement().satisfies(m -> assertThat(m).contains("Action: failed").contains(subject));
                }
            } finally {
                RunningServer.stopAll(server);
            }
        }
    }

    private static String reported(int round) {
        return "Final-Recipient: rfc822; ghost" + round + "@refusing.test";
    }

    /** Polls the journal's segment files until the bytes are in one (written; its commit may still be under way). */
    private static void awaitInJournal(Path queue, String wanted, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            if (Files.isDirectory(queue)) {
                try (Stream<Path> files = Files.list(queue)) {
                    for (Path segment : files.filter(f -> f.getFileName().toString().startsWith("segment-")).toList()) {
                        if (new String(Files.readAllBytes(segment), StandardCharsets.ISO_8859_1).contains(wanted)) {
                            return;
                        }
                    }
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("no report in the queue's journal within " + limit);
    }

    private static void awaitEmptyQueue(Path data, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        String listing = RelayTest.queueList(data.toString());
        while (listing.contains("@") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            listing = RelayTest.queueList(data.toString());
        }
        assertThat(listing).as("the queue after the restart").doesNotContain("@");
    }
}

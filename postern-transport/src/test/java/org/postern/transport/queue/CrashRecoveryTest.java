package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} at any moment loses nothing acknowledged: a child JVM enqueues, finishes and
 * defers messages from several threads; the test kills it with SIGKILL in mid-stream, several
 * times, and after each round every acknowledged message is there byte for byte, every
 * acknowledged end is final, and every acknowledged deferral is kept. (A message whose end was
 * asked for but not yet acknowledged may be either there or gone.)
 */
class CrashRecoveryTest {

    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    private final Map<QueueId, Long> acked = new HashMap<>();
    private final Set<QueueId> finishing = new HashSet<>();
    private final Set<QueueId> done = new HashSet<>();
    private final Set<QueueId> deferred = new HashSet<>();

    @Test
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        Random random = new Random(42);
        Path queue = dir.resolve("queue");
        for (int round = 1; round <= ROUNDS; round++) {
            int killAfter = 200 + random.nextInt(600);
            int lines = runAndKill(queue, round, killAfter);
            int thisRound = round;
            assertThat(lines).as(() -> "the child stopped early: " + childLog(thisRound))
                    .isGreaterThanOrEqualTo(killAfter);
            verify(queue);
        }
        System.out.printf("crash test: %d rounds, %d messages acknowledged, %d finished, %d deferred%n", ROUNDS,
                acked.size(), done.size(), deferred.size());
    }

    private int runAndKill(Path queue, int round, int killAfter) throws IOException, InterruptedException {
        String classPath = privateClassPath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", classPath,
                CrashChild.class.getName(), queue.toString(), Integer.toString(round), "8",
                Long.toString(1L << 20));
        pb.redirectError(dir.resolve("child-" + round + ".log").toFile());
        Process child = pb.start();
        int ackLines = 0;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (!line.endsWith(" .")) {
                    continue; // cut by the kill: not a promise
                }
                String[] f = line.split(" ");
                switch (f[0]) {
                    case "ACK" -> {
                        acked.put(QueueId.parse(f[1]), Long.parseLong(f[2]));
                        if (f[3].equals("finish")) {
                            finishing.add(QueueId.parse(f[1]));
                        }
                        if (++ackLines == killAfter) {
                            // SIGKILL through the handle, which (unlike Process.destroyForcibly)
                            // leaves the pipe open: every line the child wrote is still read.
                            child.toHandle().destroyForcibly();
                        }
                    }
                    case "DONE" -> done.add(QueueId.parse(f[1]));
                    case "DEFER" -> deferred.add(QueueId.parse(f[1]));
                    default -> {
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        return ackLines;
    }

    private String copiedClassPath;

    /**
     * The test class path with its class folders copied into the test's own folder: other
     * builds in the same working tree may rewrite {@code target/classes} while the children run.
     */
    private String privateClassPath() throws IOException {
        if (copiedClassPath == null) {
            String original = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> entries = new java.util.ArrayList<>();
            int i = 0;
            for (String entry : original.split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (java.nio.file.Files.isDirectory(p)) {
                    Path copy = dir.resolve("classpath-" + i++);
                    try (var files = java.nio.file.Files.walk(p)) {
                        for (Path f : (Iterable<Path>) files::iterator) {
                            Path target = copy.resolve(p.relativize(f).toString());
                            if (java.nio.file.Files.isDirectory(f)) {
                                java.nio.file.Files.createDirectories(target);
                            } else {
                                java.nio.file.Files.copy(f, target);
                            }
                        }
                    }
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            copiedClassPath = String.join(java.io.File.pathSeparator, entries);
        }
        return copiedClassPath;
    }

    private String childLog(int round) {
        try {
            String log = java.nio.file.Files.readString(dir.resolve("child-" + round + ".log"));
            return log.length() > 4000 ? log.substring(0, 4000) : log;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void verify(Path queue) throws IOException {
        try (JournalQueue q = JournalQueue.open(queue)) {
            for (Map.Entry<QueueId, Long> e : acked.entrySet()) {
                QueueId id = e.getKey();
                if (done.contains(id)) {
                    assertThat(q.find(id)).as("finished %s", id).isEmpty();
                    continue;
                }
                if (finishing.contains(id) && q.find(id).isEmpty()) {
                    continue; // its end was durable, though the kill came before the promise
                }
                QueuedMessage m = q.find(id).orElseThrow(() -> new AssertionError("lost acknowledged " + id));
                long seed = e.getValue();
                assertThat(RoundTripTest.readAll(q, id)).as("content of %s", id)
                        .isEqualTo(TestEnvelopes.content(seed, CrashChild.sizeFor(seed)));
                if (deferred.contains(id)) {
                    assertThat(m.recipients().get(0).status()).isEqualTo(DeliveryStatus.DEFERRED);
                }
            }
            List<QueuedMessage> all = q.list();
            assertThat(all).extracting(QueuedMessage::id).doesNotHaveDuplicates();
        }
    }
}

package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.store.FolderId;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.sql.Database;

/**
 * Kills a process that appends to an SQLite store with SIGKILL, mid-stream, several times,
 * then checks that every acknowledged message is there with its bytes, and that no message
 * row lacks a complete blob.
 */
class CrashTest {

    private static final int ROUNDS = 4;

    private record Ack(long uid, String hash, long size) {
    }

    @Test
    void acknowledgedAppendsSurviveSigkill(@TempDir Path folder) throws Exception {
        Random random = new Random();
        Map<Long, Ack> acked = new HashMap<>();
        for (int round = 0; round < ROUNDS; round++) {
            int killAfter = 3 + random.nextInt(25);
            acked.putAll(runAndKill(folder, round, killAfter));
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(ROUNDS * 3);

        try (Database db = Database.sqlite(folder.resolve("store.db"))) {
            SqlMailboxStore store = SqlMailboxStore.open(db, folder.resolve("blobs"), StoreLimits.defaults());
            FolderId inbox = store.findFolder(CrashAppender.OWNER, SpecialUse.INBOX).orElseThrow().id();
            List<MessageMetadata> all = store.fetch(inbox, UidSet.all());
            for (Ack ack : acked.values()) {
                MessageMetadata m = store.fetch(inbox, UidSet.of(ack.uid())).get(0);
                assertThat(m.contentHash()).isEqualTo(ack.hash());
                assertThat(m.size()).isEqualTo(ack.size());
            }
            assertEveryRowComplete(store, inbox, all);
            store.collectGarbage(Instant.now().plusSeconds(3600));
            assertEveryRowComplete(store, inbox, all);
            assertThat(store.status(inbox).messages()).isEqualTo(all.size());
        }
    }

    private static void assertEveryRowComplete(SqlMailboxStore store, FolderId inbox, List<MessageMetadata> rows) throws IOException {
        for (MessageMetadata m : rows) {
            byte[] bytes;
            try (InputStream in = store.openContent(inbox, m.uid())) {
                bytes = in.readAllBytes();
            }
            assertThat((long) bytes.length).as("size of UID %d", m.uid()).isEqualTo(m.size());
            assertThat(TestMessages.sha256(bytes)).as("hash of UID %d", m.uid()).isEqualTo(m.contentHash());
        }
    }

    /** Starts the appender, reads acknowledgements, kills it with SIGKILL after {@code killAfter} of them. */
    private static Map<Long, Ack> runAndKill(Path folder, int round, int killAfter) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), CrashAppender.class.getName(), folder.toString(),
                Integer.toString(round + 1)));
        Path errors = Files.createTempFile("postern-crash-", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        Map<Long, Ack> acked = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))) {
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("ACK ")) {
                    String[] f = line.split(" ");
                    acked.put(Long.parseLong(f[1]), new Ack(Long.parseLong(f[1]), f[2], Long.parseLong(f[3])));
                    if (acked.size() >= killAfter) {
                        Thread.sleep(new Random().nextInt(40));
                        process.destroyForcibly();
                        break;
                    }
                }
            }
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(acked).as("acknowledgements of round %d (child stderr: %s)", round,
                    Files.readString(errors)).hasSizeGreaterThanOrEqualTo(killAfter);
            assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(errors);
        }
        return acked;
    }
}

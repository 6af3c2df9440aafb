package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staging in memory and from {@code tmp/}, publishing under the hash, and the sweep of what a crash leaves. */
class BlobStoreTest {

    @TempDir
    Path folder;

    @Test
    void smallAndLargeContentIsPublishedUnderItsHashAndLeavesNoOtherName() throws IOException {
        BlobStore blobs = new BlobStore(folder);
        for (int size : List.of(10_240, BlobStore.IN_MEMORY + 1)) {
            byte[] bytes = TestMessages.random(size, size);
            try (BlobStore.Staged staged = blobs.stage(new ByteArrayInputStream(bytes), Long.MAX_VALUE)) {
                assertThat(staged.hash()).isEqualTo(TestMessages.sha256(bytes));
                assertThat(staged.size()).isEqualTo(bytes.length);
                try (InputStream in = staged.open()) {
                    assertThat(in.readAllBytes()).isEqualTo(bytes);
                }
                assertThat(blobs.exists(staged.hash())).as("staging alone publishes nothing").isFalse();
                blobs.ensurePublished(staged);
                assertThat(Files.readAllBytes(blobs.path(staged.hash()))).isEqualTo(bytes);
                // the final name gone (a collection ran): the staged content brings it back
                Files.delete(blobs.path(staged.hash()));
                blobs.ensurePublished(staged);
                assertThat(Files.readAllBytes(blobs.path(staged.hash()))).isEqualTo(bytes);
            }
        }
        assertThat(files()).allMatch(f -> f.getFileName().toString().matches("[0-9a-f]{64}")).hasSize(2);
        byte[] again = TestMessages.random(10_240, 10_240);
        try (BlobStore.Staged staged = blobs.stage(new ByteArrayInputStream(again), Long.MAX_VALUE)) {
            assertThat(staged.hash()).isEqualTo(TestMessages.sha256(again));
            blobs.ensurePublished(staged);
            assertThat(files()).as("content stored already is not written again").hasSize(2);
        }
    }

    @Test
    void aTemporaryNameLeftByACrashIsSweptAfterItsGracePeriod() throws IOException {
        BlobStore blobs = new BlobStore(folder);
        byte[] bytes = TestMessages.random(1, 4000);
        String hash;
        try (BlobStore.Staged staged = blobs.stage(new ByteArrayInputStream(bytes), Long.MAX_VALUE)) {
            hash = staged.hash();
            blobs.ensurePublished(staged);
        }
        Path blob = blobs.path(hash);
        Path old = blob.resolveSibling(hash + ".1a2b.tmp");
        Path fresh = blob.resolveSibling(hash + ".3c4d.tmp");
        Files.write(old, new byte[] {1, 2});
        Files.write(fresh, new byte[] {3});
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        Files.setLastModifiedTime(blob, FileTime.from(Instant.now().minus(2, ChronoUnit.HOURS)));
        blobs.sweep(Instant.now().minus(1, ChronoUnit.HOURS));
        assertThat(old).doesNotExist();
        assertThat(fresh).exists();
        assertThat(blob).exists();
        assertThat(blobs.listOlderThan(Instant.now())).containsExactly(hash);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).toList();
        }
    }
}

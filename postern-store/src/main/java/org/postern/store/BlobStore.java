package org.postern.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;

/**
 * A content-addressed folder of immutable message bytes, each kept once under the hex
 * SHA-256 of its content, fanned out as {@code ab/cd/abcd…}.
 *
 * <p>Writing is crash-safe in the way Postfix writes queue files: bytes go to a file under
 * {@code tmp/}, which is forced to disk, then hard-linked under its final name (atomic, and a
 * name that exists already is the same content), and the fan-out folder is forced too. The
 * staged file keeps a second name for the same bytes until the caller's metadata
 * transaction ends, so {@link #ensurePublished} can bring the final name back if a garbage
 * collection removed it meanwhile. Garbage collection moves a file to {@code trash/} inside
 * its database transaction and deletes it only after that commits.
 */
public final class BlobStore {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Path root;
    private final Path tmp;
    private final Path trash;
    /** Fan-out folders this process made whose names may not be durable yet (see ensureFolder). */
    private final Set<Path> makingDurable = ConcurrentHashMap.newKeySet();

    public BlobStore(Path root) {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        this.trash = this.root.resolve("trash");
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(trash);
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot create the blob folder " + root, e);
        }
    }

    /** Bytes written to {@code tmp/}, forced to disk, hashed; closing deletes the staged name. */
    public record Staged(Path file, String hash, long size) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover under tmp/ is removed by the next collection
            }
        }
    }

    /**
     * Copies the stream to a staged file, at most {@code maxSize} bytes ({@link StoreError#TOO_BIG}
     * beyond), forces it to disk, and links it under its hash (blob durable before any row).
     */
    public Staged stage(InputStream in, long maxSize) {
        Path file = tmp.resolve(UUID.randomUUID() + ".tmp");
        MessageDigest sha = sha256();
        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(channel)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > maxSize) {
                    throw new StoreException(StoreError.TOO_BIG, "message larger than " + maxSize + " bytes");
                }
                sha.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            out.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(StoreError.TEMPORARY, "cannot write a message to the blob folder", e);
        }
        Staged staged = new Staged(file, HexFormat.of().formatHex(sha.digest()), size);
        try {
            ensurePublished(staged);
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
        return staged;
    }

    /** Makes sure the staged content has its final name, durably; cheap when it has. */
    public void ensurePublished(Staged staged) {
        Path target = path(staged.hash());
        if (Files.exists(target)) {
            return;
        }
        try {
            Path level2 = target.getParent();
            ensureFolder(level2.getParent(), root);
            ensureFolder(level2, level2.getParent());
            try {
                Files.createLink(target, staged.file());
            } catch (FileAlreadyExistsException e) {
                return;
            }
            force(target.getParent());
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot publish blob " + staged.hash(), e);
        }
    }

    /**
     * Makes sure the fan-out folder exists and its name is durable in its parent. A folder that
     * is there and that this process is not still making durable costs nothing: it was there
     * before, or its maker forced its parent already. A folder being made by another thread
     * is forced again here, so no caller links a blob into a folder whose entry is not yet on
     * disk. (The parent is forced only when a folder is new: once per level-1 folder, at most
     * 256 times, and once per level-2 folder.)
     */
    private void ensureFolder(Path folder, Path parent) throws IOException {
        if (Files.isDirectory(folder) && !makingDurable.contains(folder)) {
            return;
        }
        makingDurable.add(folder);
        Files.createDirectories(folder);
        force(parent);
        makingDurable.remove(folder);
    }

    /** Opens a blob for reading; {@link NoSuchFileException} if it is not there. */
    public InputStream open(String hash) throws IOException {
        return Files.newInputStream(path(hash));
    }

    public boolean exists(String hash) {
        return Files.exists(path(hash));
    }

    /** The blob's size in bytes, or -1 if absent. */
    public long size(String hash) {
        try {
            return Files.size(path(hash));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The file a blob lives in. */
    public Path path(String hash) {
        if (!HASH.matcher(hash).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    /** Every blob on disk whose file is older than {@code before} (candidates for collection). */
    public List<String> listOlderThan(Instant before) throws IOException {
        List<String> hashes = new ArrayList<>();
        try (DirectoryStream<Path> level1 = Files.newDirectoryStream(root, p -> p.getFileName().toString().length() == 2)) {
            for (Path d1 : level1) {
                try (DirectoryStream<Path> level2 = Files.newDirectoryStream(d1)) {
                    for (Path d2 : level2) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(d2)) {
                            for (Path f : files) {
                                String name = f.getFileName().toString();
                                if (HASH.matcher(name).matches() && modifiedBefore(f, before)) {
                                    hashes.add(name);
                                }
                            }
                        }
                    }
                }
            }
        }
        return hashes;
    }

    /** Moves a blob to {@code trash/}; returns the trash file, or null if the blob was absent. */
    Path moveToTrash(String hash) throws IOException {
        Path trashed = trash.resolve(hash + "." + UUID.randomUUID());
        try {
            Files.move(path(hash), trashed, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return null;
        }
        return trashed;
    }

    /** Puts a trashed blob back under its name (its collection's transaction failed). */
    void restore(Path trashed, String hash) {
        try {
            Files.move(trashed, path(hash), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // someone published the same content meanwhile: nothing is lost
            deleteQuietly(trashed);
        }
    }

    /** Deletes files left in {@code tmp/} and {@code trash/} older than {@code before}. */
    void sweep(Instant before) throws IOException {
        for (Path folder : List.of(tmp, trash)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                for (Path f : files) {
                    if (modifiedBefore(f, before)) {
                        deleteQuietly(f);
                    }
                }
            }
        }
    }

    /** True if the file exists and was last modified before the instant; files vanish while we look. */
    static boolean modifiedBefore(Path file, Instant before) {
        try {
            return Files.getLastModifiedTime(file).toInstant().isBefore(before);
        } catch (IOException e) {
            return false;
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // collected later
        }
    }

    private static void force(Path folder) throws IOException {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

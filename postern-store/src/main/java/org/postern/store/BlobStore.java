package org.postern.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.postern.core.store.StoreError;
import org.postern.core.store.StoreException;

/**
 * A content-addressed folder of immutable message bytes, each kept once under the hex
 * SHA-256 of its content, fanned out as {@code ab/cd/abcd…}.
 *
 * <p>Contents up to the store's inline limit are not kept here at all but in the database
 * ({@code store_content}, docs/adr/0019-inline-content.md): {@link #stage} only hashes and holds
 * a content, and {@link #ensurePublished} gives it its file when the caller wants one.
 *
 * <p>Writing is crash-safe in the way Postfix writes queue files: bytes go to a temporary file
 * (beside the final name; under {@code tmp/} for content too large to keep in memory), which
 * is forced to disk, then renamed (or, from {@code tmp/}, hard-linked) to its final name (atomic, and a name that exists already is the same
 * content), and the fan-out folder is forced too. Content already stored is not written
 * again. Until the caller's metadata transaction ends the staged content stays at hand (in
 * memory, or as a second name under {@code tmp/}), so {@link #ensurePublished} can bring the
 * final name back if a garbage collection removed it meanwhile. Garbage collection moves a
 * file to {@code trash/} inside its database transaction and deletes it only after that
 * commits.
 */
public final class BlobStore {

    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");
    /** Content up to this size is staged in memory and written once, under its final name. */
    static final int IN_MEMORY = 1024 * 1024;
    /** The end of a blob's name while it is written, before its rename. */
    private static final String TEMPORARY_SUFFIX = ".tmp";

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

    /**
     * Content staged for an append, hashed and durable under its final name. Up to
     * {@link #IN_MEMORY} octets it is kept in memory ({@code bytes}), and the final name is
     * written from there; a larger one is kept as a second name under {@code tmp/} ({@code
     * file}), which closing deletes. Either way {@link #ensurePublished} can bring the final
     * name back while the caller's transaction runs.
     */
    public static final class Staged implements AutoCloseable {
        private final String hash;
        private final long size;
        private final byte[] bytes;
        private final Path file;

        private Staged(String hash, long size, byte[] bytes, Path file) {
            this.hash = hash;
            this.size = size;
            this.bytes = bytes;
            this.file = file;
        }

        public String hash() {
            return hash;
        }

        public long size() {
            return size;
        }

        /** The content itself when it is staged in memory (up to {@link #IN_MEMORY} octets), else null. */
        byte[] inMemory() {
            return bytes;
        }

        /** The staged content from its first octet. */
        public InputStream open() throws IOException {
            return bytes != null ? new ByteArrayInputStream(bytes) : new BufferedInputStream(Files.newInputStream(file));
        }

        @Override
        public void close() {
            if (file != null) {
                deleteQuietly(file); // a leftover under tmp/ is removed by the next collection
            }
        }
    }

    /**
     * Reads the stream, at most {@code maxSize} bytes ({@link StoreError#TOO_BIG} beyond), and
     * hashes it: in memory up to {@link #IN_MEMORY} octets, else in a file under {@code tmp/},
     * forced to disk. Nothing is published under the hash yet: {@link #ensurePublished} does
     * that for a content that is to be a file (blob durable before any row).
     */
    public Staged stage(InputStream in, long maxSize) {
        MessageDigest sha = sha256();
        ByteArrayOutputStream memory = new ByteArrayOutputStream(16 * 1024);
        Path file = null;
        long size = 0;
        try {
            byte[] buffer = new byte[64 * 1024];
            OutputStream out = memory;
            for (int n; (n = in.read(buffer)) > 0; ) {
                size += n;
                if (size > maxSize) {
                    throw new StoreException(StoreError.TOO_BIG, "message larger than " + maxSize + " bytes");
                }
                sha.update(buffer, 0, n);
                if (file == null && size > IN_MEMORY) {
                    file = tmp.resolve(UUID.randomUUID() + ".tmp");
                    out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE_NEW), 64 * 1024);
                    memory.writeTo(out);
                    memory = null;
                }
                out.write(buffer, 0, n);
            }
            if (file != null) {
                out.close();
            }
        } catch (IOException | RuntimeException e) {
            if (file != null) {
                deleteQuietly(file);
            }
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(StoreError.TEMPORARY, "cannot write a message to the blob folder", e);
        }
        Staged staged = new Staged(HexFormat.of().formatHex(sha.digest()), size, memory == null ? null : memory.toByteArray(), file);
        if (file != null) {
            try {
                forceFile(file);
            } catch (IOException e) {
                staged.close();
                throw new StoreException(StoreError.TEMPORARY, "cannot stage a message", e);
            }
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
            if (staged.bytes != null) {
                publish(staged.bytes, target);
            } else {
                try {
                    Files.createLink(target, staged.file);
                } catch (FileAlreadyExistsException e) {
                    return;
                }
            }
            force(target.getParent());
        } catch (IOException e) {
            throw new StoreException(StoreError.TEMPORARY, "cannot publish blob " + staged.hash(), e);
        }
    }

    /**
     * Writes the bytes to a new file beside {@code target} (named {@code <hash>.<random>.tmp}),
     * forces it to disk and renames it to {@code target}: atomic, and a file already there has
     * the same content. The file is made in the fan-out folder, not in {@code tmp/}: creating a
     * file locks its folder, and concurrent deliveries all creating in one folder spent much of
     * their CPU there; a rename within one folder is also the cheapest kind. A crash leaves at
     * most the temporary name, which {@link #sweep} removes.
     */
    private static void publish(byte[] bytes, Path target) throws IOException {
        Path file = target.resolveSibling(target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TEMPORARY_SUFFIX);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e;
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
        if (!isHash(hash)) {
            throw new IllegalArgumentException("not a SHA-256 hex digest");
        }
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    /** 64 lower-case hex digits (checked on every read, without a regular expression). */
    private static boolean isHash(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Every blob on disk whose file is older than {@code before} (candidates for collection). */
    public List<String> listOlderThan(Instant before) throws IOException {
        List<String> hashes = new ArrayList<>();
        for (Path f : fanOutFiles()) {
            String name = f.getFileName().toString();
            if (HASH.matcher(name).matches() && modifiedBefore(f, before)) {
                hashes.add(name);
            }
        }
        return hashes;
    }

    /** Every file in the fan-out folders: blobs, and temporary names a crash left. */
    private List<Path> fanOutFiles() throws IOException {
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> level1 = Files.newDirectoryStream(root, p -> p.getFileName().toString().length() == 2)) {
            for (Path d1 : level1) {
                try (DirectoryStream<Path> level2 = Files.newDirectoryStream(d1)) {
                    for (Path d2 : level2) {
                        try (DirectoryStream<Path> files = Files.newDirectoryStream(d2)) {
                            files.forEach(found::add);
                        }
                    }
                }
            }
        }
        return found;
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

    /**
     * Deletes files left in {@code tmp/} and {@code trash/}, and temporary names left in the
     * fan-out folders, older than {@code before}.
     */
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
        for (Path f : fanOutFiles()) {
            if (f.getFileName().toString().endsWith(TEMPORARY_SUFFIX) && modifiedBefore(f, before)) {
                deleteQuietly(f);
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

    private static void forceFile(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
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

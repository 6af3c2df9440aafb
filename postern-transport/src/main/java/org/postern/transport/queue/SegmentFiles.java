package org.postern.transport.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue folder's files — {@code segment-<n>.log}, n growing forever, and at most one
 * {@code spare.log} waiting to become the next segment — and the directory fsync that makes a
 * created, renamed or deleted file durable (POSIX: an fsync of the file does not persist its
 * directory entry).
 *
 * <p>Why a spare: an fsync after appending to a file must also commit the file system's
 * metadata (the new size and blocks); overwriting blocks already allocated does not. Measured on
 * the build machine (ext4), a 130 KiB write and fdatasync cost about half as much in a
 * preallocated file. Retired segments are reused as spares; when there is none, one is
 * zero-filled in the background while the active segment fills.
 */
final class SegmentFiles {

    private static final Pattern NAME = Pattern.compile("segment-(\\d{1,19})\\.log");

    private SegmentFiles() {
    }

    static Path path(Path directory, long number) {
        return directory.resolve(String.format(Locale.ROOT, "segment-%012d.log", number));
    }

    /** The segments in the folder, by number. */
    static List<Long> list(Path directory) throws IOException {
        List<Long> numbers = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "segment-*.log")) {
            for (Path f : files) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Long.parseLong(m.group(1)));
                }
            }
        }
        numbers.sort(null);
        return numbers;
    }

    /**
     * The eight bytes (the segment number, big-endian) that seed every record's CRC32C in that
     * segment, so a record is valid only in the segment it was written to: stale bytes of
     * another segment — a file reused or copied to the wrong name — end the scan.
     */
    static byte[] salt(long number) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (number >>> (56 - 8 * i));
        }
        return b;
    }

    /** The spare: a retired or zero-filled segment file waiting to become the next segment. */
    static Path spare(Path directory) {
        return directory.resolve("spare.log");
    }

    /** Renames the spare, if there is one, to {@code target}; says whether it did. */
    static boolean takeSpare(Path directory, Path target) throws IOException {
        try {
            Files.move(spare(directory), target, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    /**
     * Retires a segment no one needs: it becomes the spare when there is none (its old records
     * are checksummed with its old number, so they can never be read as the new segment's),
     * else it is deleted; it is always deleted when not {@code reusable} (a stream still reads it).
     * Then the folder is synced.
     */
    static void retire(Path directory, Path segment, boolean reusable) throws IOException {
        Path spare = spare(directory);
        if (!reusable || Files.exists(spare)) {
            Files.deleteIfExists(segment);
        } else {
            Files.move(segment, spare, StandardCopyOption.ATOMIC_MOVE);
        }
        syncDirectory(directory);
    }

    /** Makes a zero-filled spare of {@code bytes} if there is none; returns whether it made one. */
    static boolean prepareSpare(Path directory, long bytes) throws IOException {
        Path spare = spare(directory);
        if (Files.exists(spare)) {
            return false;
        }
        Path tmp = directory.resolve("spare.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long pos = 0; pos < bytes; ) {
                zeros.clear();
                zeros.limit((int) Math.min(zeros.capacity(), bytes - pos));
                pos += ch.write(zeros, pos);
            }
            ch.force(true);
        }
        Files.move(tmp, spare, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(directory);
        return true;
    }

    /** Removes a spare left half made by a crash. */
    static void removeUnfinishedSpare(Path directory) throws IOException {
        Files.deleteIfExists(directory.resolve("spare.tmp"));
    }

    /** Makes the folder's entries (files created, renamed or deleted) durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}

package org.postern.transport.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queue folder's file names — {@code segment-<n>.log}, n growing forever — and the
 * directory fsync that makes a created or deleted file durable (POSIX: an fsync of the file
 * does not persist its directory entry).
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

    /** Makes the folder's entries (files created, renamed or deleted) durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        }
    }
}

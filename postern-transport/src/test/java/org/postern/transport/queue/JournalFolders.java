package org.postern.transport.queue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A queue's journal folder as tests cut and replay it: its last segment, and copies of it. */
final class JournalFolders {

    private JournalFolders() {
    }

    /** The segment with the highest number: the one being written. */
    static Path lastSegment(Path queue) throws IOException {
        return SegmentFiles.path(queue, SegmentFiles.list(queue).getLast());
    }

    /** A copy of every segment of {@code original} in a new folder {@code copy}. */
    static Path copy(Path original, Path copy) throws IOException {
        Files.createDirectories(copy);
        for (long n : SegmentFiles.list(original)) {
            Files.copy(SegmentFiles.path(original, n), SegmentFiles.path(copy, n), StandardCopyOption.COPY_ATTRIBUTES);
        }
        return copy;
    }
}

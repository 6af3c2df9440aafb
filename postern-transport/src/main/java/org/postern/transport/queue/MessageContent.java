package org.postern.transport.queue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The bytes of a message as the SMTP session received them (RFC 5321 section 4.1.1.4 DATA, or
 * RFC 3030 BDAT chunks), with the Received header the session prepended, dot-stuffing removed.
 * The queue reads them once, in chunks, while it writes them to its journal, so a large body is
 * never held twice in memory.
 */
public interface MessageContent {

    /** The number of bytes. */
    long size();

    /** A new stream over the bytes, from the first; the caller closes it. */
    InputStream open() throws IOException;

    /** Content held in memory (the array is not copied: do not change it afterwards). */
    static MessageContent of(byte[] bytes) {
        return new Bytes(bytes);
    }

    /**
     * Content spooled to a file, e.g. a large DATA the session wrote to a temporary file. The
     * file must not change until {@code enqueue} returns; the caller deletes it afterwards.
     */
    static MessageContent ofFile(Path file) throws IOException {
        return new SpoolFile(file, Files.size(file));
    }

    /** Content in memory. */
    record Bytes(byte[] bytes) implements MessageContent {
        public Bytes {
            Objects.requireNonNull(bytes, "bytes");
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(bytes);
        }
    }

    /** Content in a spool file of a known size. */
    record SpoolFile(Path file, long size) implements MessageContent {
        public SpoolFile {
            Objects.requireNonNull(file, "file");
        }

        @Override
        public InputStream open() throws IOException {
            return new BoundedInputStream(Files.newInputStream(file), size);
        }
    }
}

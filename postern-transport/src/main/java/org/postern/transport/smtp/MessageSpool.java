package org.postern.transport.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.postern.transport.queue.MessageContent;

/**
 * Where a message body goes while it is received: memory up to a threshold, then a temporary
 * file, so a 35 MiB message never sits in the heap. The file is not synced: the queue makes its
 * own durable copy in {@code enqueue}, and the session deletes the file afterwards
 * ({@link #close()}), whatever happened.
 */
final class MessageSpool extends OutputStream {

    private final long threshold;
    private final Optional<Path> directory;
    private byte[] memory = new byte[4096];
    private long size;
    private Path file;
    private OutputStream fileOut;

    MessageSpool(long threshold, Optional<Path> directory) {
        this.threshold = threshold;
        this.directory = directory;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /**
     * Writes body octets. A failure of the spool file (disk full) is a local error, thrown
     * unchecked so that the session answers {@code 421 4.3.0} rather than taking it for a
     * broken connection.
     */
    @Override
    public void write(byte[] b, int off, int len) {
        try {
            append(b, off, len);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the spool file " + file, e);
        }
    }

    private void append(byte[] b, int off, int len) throws IOException {
        if (fileOut == null && size + len > threshold) {
            file = directory.isPresent() ? Files.createTempFile(directory.get(), "smtp-", ".eml")
                    : Files.createTempFile("postern-smtp-", ".eml");
            fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
            fileOut.write(memory, 0, (int) size);
            memory = null;
        }
        if (fileOut != null) {
            fileOut.write(b, off, len);
        } else {
            if (size + len > memory.length) {
                memory = Arrays.copyOf(memory, (int) Math.min(Math.max(threshold, 1), Math.max(memory.length * 2L, size + len)));
            }
            System.arraycopy(b, off, memory, (int) size, len);
        }
        size += len;
    }

    /** Octets of the body so far. */
    long size() {
        return size;
    }

    boolean isOnDisk() {
        return file != null;
    }

    /** The body from its first octet (after {@link #finish()}). */
    InputStream openBody() throws IOException {
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory, 0, (int) size);
    }

    /** Ends writing: the file, if any, is complete. */
    void finish() {
        if (fileOut != null) {
            try {
                fileOut.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the spool file " + file, e);
            }
            fileOut = null;
        }
    }

    /** The message to queue: {@code prefix} (the headers the server adds) then the body, byte for byte. */
    MessageContent content(byte[] prefix) throws IOException {
        finish();
        if (file == null) {
            byte[] all = Arrays.copyOf(prefix, prefix.length + (int) size);
            System.arraycopy(memory, 0, all, prefix.length, (int) size);
            return MessageContent.of(all);
        }
        return new Prefixed(prefix, file, size);
    }

    /** Deletes the file, if any; the spool is unusable afterwards. */
    @Override
    public void close() throws IOException {
        try {
            if (fileOut != null) {
                fileOut.close();
                fileOut = null;
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
            memory = null;
        }
    }

    /** Added headers in memory, then the body in the spool file. */
    private record Prefixed(byte[] prefix, Path file, long bodySize) implements MessageContent {
        @Override
        public long size() {
            return prefix.length + bodySize;
        }

        @Override
        public InputStream open() throws IOException {
            return new SequenceInputStream(new ByteArrayInputStream(prefix), new MessageContent.SpoolFile(file, bodySize).open());
        }
    }
}

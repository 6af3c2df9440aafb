package org.postern.transport.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Message content where it lies in a journal segment: the file, the offset of its first byte
 * and its length. The queue keeps only this in memory, never the bytes. A stream opened on it
 * holds its own file handle, so it stays readable after the segment is deleted.
 *
 * @param segment the segment's number
 */
record SegmentContent(long segment, Path file, long offset, long size) implements MessageContent {

    @Override
    public InputStream open() throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            channel.position(offset);
            return new BoundedInputStream(Channels.newInputStream(channel), size);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }
}

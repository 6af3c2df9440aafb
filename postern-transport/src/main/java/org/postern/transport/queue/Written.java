package org.postern.transport.queue;

import java.nio.file.Path;

/**
 * Where the journal wrote a record, once it is durable.
 *
 * @param segment       the segment's number
 * @param file          the segment's file
 * @param recordOffset  the offset of the frame's first byte
 * @param contentOffset the offset of a MESSAGE's content (the end of the head otherwise)
 * @param contentLength the content's length (0 otherwise)
 */
record Written(long segment, Path file, long recordOffset, long contentOffset, long contentLength) {

    /** The content as it now lies in the journal. */
    SegmentContent content() {
        return new SegmentContent(segment, file, contentOffset, contentLength);
    }
}

package org.postern.protocols.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.postern.protocols.io.CrlfLineReader;

/**
 * Reads the chunks of one message sent with BDAT (RFC 3030 section 2, CHUNKING): each chunk is
 * exactly the number of octets its command announced, with no dot-stuffing and no end marker.
 * The size limit applies to the sum of the chunks of the message: once it is passed the rest
 * of every chunk is read and discarded (the client is answered {@code 552 5.3.4} after the
 * chunk, RFC 3030 section 3) so the session stays in step.
 *
 * <p>One instance per message transaction; {@link #reset()} it on RSET or a new MAIL.
 */
public final class BdatChunkReader {

    private final long maxSize;
    private final byte[] scratch = new byte[8192];
    private long total;

    public BdatChunkReader(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative");
        }
        this.maxSize = maxSize;
    }

    /**
     * Reads the {@code chunkSize} octets that follow a BDAT command line.
     *
     * @return OK, TOO_BIG (this or an earlier chunk passed the limit) or END_OF_STREAM; the
     *         size is the message total so far
     */
    public DataResult readChunk(CrlfLineReader in, long chunkSize, OutputStream sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunkSize must not be negative");
        }
        long remaining = chunkSize;
        while (remaining > 0) {
            int n = in.read(scratch, 0, (int) Math.min(scratch.length, remaining));
            if (n < 0) {
                total += chunkSize - remaining;
                return new DataResult(DataResult.Status.END_OF_STREAM, total);
            }
            long room = maxSize - (total + chunkSize - remaining);
            if (room > 0) {
                sink.write(scratch, 0, (int) Math.min(n, room));
            }
            remaining -= n;
        }
        total += chunkSize;
        return new DataResult(total > maxSize ? DataResult.Status.TOO_BIG : DataResult.Status.OK, total);
    }

    /** Octets of the current message so far. */
    public long total() {
        return total;
    }

    public void reset() {
        total = 0;
    }
}

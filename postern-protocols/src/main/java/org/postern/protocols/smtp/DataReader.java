package org.postern.protocols.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;
import org.postern.protocols.io.CrlfLineReader;

/**
 * Reads the body of a DATA command (RFC 5321 section 4.1.1.4) up to the end-of-data marker
 * {@code <CRLF>.<CRLF>}, removing dot-stuffing (section 4.5.2) and streaming the content to an
 * {@link OutputStream}. The CRLF that ends the DATA command line counts as the first CRLF, so
 * an empty message is {@code .<CRLF>}.
 *
 * <p>Only a real CRLF starts a line: {@code <LF>.<LF>}, {@code <LF>.<CRLF>}, {@code <CR>.<CR>}
 * and {@code <CRLF>.<LF>} never end the data. Any CR or LF outside a CRLF pair makes the result
 * {@link DataResult.Status#BARE_LINE_ENDING}, reported once the real marker arrives (the
 * "SMTP smuggling" defence, RFC 5321 section 2.3.8).
 *
 * <p>The size limit is enforced while reading: past it nothing more is written, but the body
 * is read to its end so the session stays in step, and the result is
 * {@link DataResult.Status#TOO_BIG}. A body of exactly {@code maxSize} octets is accepted.
 * The content written is the message as received with CRLF line endings, without the marker.
 * Never reads past the marker: commands pipelined after it stay in the line reader.
 *
 * <p>One instance per session thread (it keeps a scratch buffer). If the sink fails (disk
 * full), the {@link IOException} leaves the reader in the middle of the body: the session
 * answers {@code 451 4.3.0} and closes the connection.
 */
public final class DataReader {

    private static final int LINE_START = 0;
    private static final int MID = 1;
    private static final int CR = 2;
    private static final int DOT = 3;
    private static final int DOT_CR = 4;

    private final long maxSize;
    private final byte[] out = new byte[8192];

    /** @param maxSize the largest message accepted, in octets after unstuffing */
    public DataReader(long maxSize) {
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative");
        }
        this.maxSize = maxSize;
    }

    /** Reads one body from {@code in}, writing its content to {@code sink}. */
    public DataResult read(CrlfLineReader in, OutputStream sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        Scan scan = new Scan(sink);
        while (!scan.done) {
            if (in.consume(scan) < 0) {
                scan.flush();
                return new DataResult(DataResult.Status.END_OF_STREAM, scan.size);
            }
        }
        scan.flush();
        DataResult.Status status = scan.bare ? DataResult.Status.BARE_LINE_ENDING
                : scan.size > maxSize ? DataResult.Status.TOO_BIG
                : DataResult.Status.OK;
        return new DataResult(status, scan.size);
    }

    /** The state machine of one body; lives across buffer refills. */
    private final class Scan implements CrlfLineReader.Consumer {
        private final OutputStream sink;
        private int state = LINE_START;
        private int outLen;
        private long size;
        private boolean bare;
        private boolean done;

        Scan(OutputStream sink) {
            this.sink = sink;
        }

        @Override
        public int accept(byte[] b, int from, int to) throws IOException {
            int i = from;
            while (i < to) {
                if (state == MID) {
                    // Fast path: copy the run up to the next CR or LF in one go.
                    int j = i;
                    while (j < to && b[j] != '\r' && b[j] != '\n') {
                        j++;
                    }
                    emitRun(b, i, j - i);
                    i = j;
                    if (i == to) {
                        break;
                    }
                }
                byte c = b[i++];
                switch (state) {
                    case MID -> {
                        if (c == '\r') {
                            state = CR;
                        } else {
                            bare = true; // a LF without CR
                            emit(c);
                        }
                    }
                    case LINE_START -> {
                        if (c == '.') {
                            state = DOT;
                        } else if (c == '\r') {
                            state = CR;
                        } else {
                            if (c == '\n') {
                                bare = true;
                            }
                            emit(c);
                            state = MID;
                        }
                    }
                    case CR -> {
                        emit((byte) '\r');
                        if (c == '\n') {
                            emit(c);
                            state = LINE_START;
                        } else if (c != '\r') {
                            bare = true;
                            emit(c);
                            state = MID;
                        } else {
                            bare = true; // CR CR: the first is bare, the second may pair
                        }
                    }
                    case DOT -> {
                        if (c == '\r') {
                            state = DOT_CR;
                        } else {
                            // The leading dot was stuffing (section 4.5.2): drop it, keep c.
                            if (c == '\n') {
                                bare = true;
                            }
                            emit(c);
                            state = MID;
                        }
                    }
                    case DOT_CR -> {
                        if (c == '\n') {
                            done = true;
                            return i - from;
                        }
                        bare = true; // ".<CR>" then no LF
                        emit((byte) '\r');
                        if (c == '\r') {
                            state = CR;
                        } else {
                            emit(c);
                            state = MID;
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
            return i - from;
        }

        /** Emits {@code len} content octets from {@code b}; those past the limit are only counted. */
        private void emitRun(byte[] b, int from, int len) throws IOException {
            long room = maxSize - size;
            size += len;
            int n = (int) Math.max(0, Math.min(len, room));
            if (n == 0) {
                return;
            }
            if (n > out.length - outLen) {
                flush();
                if (n >= out.length / 2) {
                    sink.write(b, from, n);
                    return;
                }
            }
            System.arraycopy(b, from, out, outLen, n);
            outLen += n;
        }

        private void emit(byte c) throws IOException {
            size++;
            if (size > maxSize) {
                return;
            }
            if (outLen == out.length) {
                flush();
            }
            out[outLen++] = c;
        }

        void flush() throws IOException {
            if (outLen > 0) {
                sink.write(out, 0, outLen);
                outLen = 0;
            }
        }
    }
}

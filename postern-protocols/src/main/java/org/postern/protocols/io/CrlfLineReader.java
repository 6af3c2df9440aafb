package org.postern.protocols.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Buffered reader of CRLF-terminated protocol lines (RFC 5321 section 2.3.8, RFC 3501
 * section 2.2, RFC 1939 section 3), shared by SMTP, LMTP, IMAP and POP3.
 *
 * <ul>
 *   <li>A line ends at LF. A LF without CR before it, or a CR inside the line, is reported on
 *       the {@link LineResult.Line} so the caller can refuse it: never silently accepted.</li>
 *   <li>A line over the limit is a non-fatal {@link LineResult.TooLong}: its excess is discarded,
 *       never buffered, up to the next LF, so the reader stays in step with the peer.</li>
 *   <li>The same buffer also serves raw octets ({@link #read(byte[], int, int)},
 *       {@link #consume(Consumer)}) for message bodies, literals and BDAT chunks, so nothing a
 *       peer pipelined is lost between a command and its data.</li>
 *   <li>{@link #discardBuffered()} drops what was received but not read: after STARTTLS, every
 *       plain-text octet the peer sent before the handshake (RFC 3207 section 4.2,
 *       CVE-2011-0411).</li>
 *   <li>Made by {@link #releasingWhileWaiting}, it holds no buffer while it waits for a peer
 *       that has sent nothing more: it waits in a one-octet read and takes a new buffer when
 *       octets arrive. For protocols whose sessions mostly sit idle (IMAP IDLE: ten thousand
 *       sessions would otherwise hold ten thousand buffers, ADR 0016).</li>
 * </ul>
 *
 * <p>Not thread-safe: one reader per connection thread.
 */
public final class CrlfLineReader {

    /** The buffer size when none is given. */
    public static final int DEFAULT_BUFFER_SIZE = 16 * 1024;

    /** Receives buffered octets; returns how many of them it consumed (0..to-from). */
    @FunctionalInterface
    public interface Consumer {
        int accept(byte[] buffer, int from, int to) throws IOException;
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final InputStream in;
    private final int maxLineLength;
    private final int bufferSize;
    private final boolean releaseWhileWaiting;
    private byte[] buf;
    private int pos;
    private int limit;
    private boolean eof;

    public CrlfLineReader(InputStream in, int maxLineLength) {
        this(in, maxLineLength, DEFAULT_BUFFER_SIZE);
    }

    /**
     * @param maxLineLength the longest line accepted, in octets, without its CRLF
     * @param bufferSize    read-ahead buffer size; larger lines use a separate growing array
     */
    public CrlfLineReader(InputStream in, int maxLineLength, int bufferSize) {
        this(in, maxLineLength, bufferSize, false);
    }

    /**
     * A reader that drops its buffer whenever it has to wait for the peer (nothing buffered,
     * nothing {@linkplain InputStream#available() available}), and takes a new one when the next
     * octet comes. Costs a one-octet read and an allocation per wait; worth it where sessions
     * mostly wait.
     */
    public static CrlfLineReader releasingWhileWaiting(InputStream in, int maxLineLength, int bufferSize) {
        return new CrlfLineReader(in, maxLineLength, bufferSize, true);
    }

    private CrlfLineReader(InputStream in, int maxLineLength, int bufferSize, boolean releaseWhileWaiting) {
        this.in = Objects.requireNonNull(in, "in");
        if (maxLineLength < 1) {
            throw new IllegalArgumentException("maxLineLength must be positive");
        }
        if (bufferSize < 1) {
            throw new IllegalArgumentException("bufferSize must be positive");
        }
        this.maxLineLength = maxLineLength;
        this.bufferSize = bufferSize;
        this.releaseWhileWaiting = releaseWhileWaiting;
        this.buf = releaseWhileWaiting ? null : new byte[bufferSize];
    }

    public int maxLineLength() {
        return maxLineLength;
    }

    /** Reads one line with the limit given to the constructor. */
    public LineResult readLine() throws IOException {
        return readLine(maxLineLength);
    }

    /**
     * Reads one line, at most {@code max} octets without its terminator (a protocol may allow
     * one command a longer line, as RFC 4954 section 4 does for AUTH).
     */
    public LineResult readLine(int max) throws IOException {
        byte[] acc = null;       // line octets gathered across buffer refills
        int accLen = 0;
        long seen = 0;           // octets of this line seen, terminator excluded
        boolean tooLong = false;
        boolean pendingCr = false; // the last octet of acc (not yet counted as content) is a CR
        while (true) {
            if (pos >= limit && !fill()) {
                if (tooLong) {
                    return new LineResult.TooLong(seen);
                }
                byte[] partial = acc == null ? new byte[0] : Arrays.copyOf(acc, accLen);
                return new LineResult.EndOfStream(partial);
            }
            int start = pos;
            int lf = indexOf(LF, start, limit);
            int end = lf < 0 ? limit : lf;
            int chunk = end - start;
            if (!tooLong) {
                if (seen + chunk > (long) max + 1) { // +1: a CR that may prove to be the terminator's
                    tooLong = true;
                    acc = null;
                } else {
                    if (acc == null) {
                        if (lf >= 0) {
                            // Fast path: the whole line is in the buffer.
                            pos = lf + 1;
                            return line(buf, start, lf, max);
                        }
                        acc = new byte[Math.max(64, Math.min(max + 1, Math.max(chunk, 256)))];
                    }
                    if (accLen + chunk > acc.length) {
                        acc = Arrays.copyOf(acc, Math.min(max + 1, Math.max(acc.length * 2, accLen + chunk)));
                    }
                    System.arraycopy(buf, start, acc, accLen, chunk);
                    accLen += chunk;
                }
            }
            seen += chunk;
            pos = lf < 0 ? limit : lf + 1;
            if (lf >= 0) {
                if (tooLong) {
                    boolean crTerminated = seen > 0 && lastOctetWasCr(lf, start, pendingCr);
                    return new LineResult.TooLong(crTerminated ? seen - 1 : seen);
                }
                return line(acc, 0, accLen, max);
            }
            pendingCr = chunk > 0 ? buf[limit - 1] == CR : pendingCr;
        }
    }

    private boolean lastOctetWasCr(int lf, int start, boolean pendingCr) {
        return lf > start ? buf[lf - 1] == CR : pendingCr;
    }

    /** Builds the result for octets [from, to) that were followed by LF. */
    private LineResult line(byte[] src, int from, int to, int max) {
        boolean bareLf = true;
        int end = to;
        if (end > from && src[end - 1] == CR) {
            bareLf = false;
            end--;
        }
        if (end - from > max) {
            return new LineResult.TooLong(end - from);
        }
        boolean bareCr = indexOf(src, CR, from, end) >= 0;
        return new LineResult.Line(Arrays.copyOfRange(src, from, end), bareLf, bareCr);
    }

    /** Reads raw octets: buffered ones first, then at most one read from the stream. -1 at end. */
    public int read(byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len == 0) {
            return 0;
        }
        if (pos >= limit) {
            if (len >= bufferSize) {
                int n = eof ? -1 : in.read(dst, off, len);
                if (n < 0) {
                    eof = true;
                }
                return n;
            }
            if (!fill()) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        return n;
    }

    /** Reads one raw octet, or -1 at end of stream. */
    public int read() throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /**
     * Offers the buffered octets (reading more first if none are buffered) to {@code consumer},
     * which scans them in place and says how many it took; the rest stays buffered. Lets a
     * body decoder run over the buffer without copying and without reading past its end.
     *
     * @return octets consumed, or -1 at end of stream
     */
    public int consume(Consumer consumer) throws IOException {
        if (pos >= limit && !fill()) {
            return -1;
        }
        int n = consumer.accept(buf, pos, limit);
        if (n < 0 || n > limit - pos) {
            throw new IllegalStateException("consumer returned " + n + " for " + (limit - pos) + " octets");
        }
        pos += n;
        return n;
    }

    /** Octets received and buffered but not yet read. */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Drops every buffered, unread octet and returns how many there were. Call it right after
     * the reply to STARTTLS/STLS is flushed: anything pipelined in plain text is not to be trusted.
     */
    public int discardBuffered() {
        int n = limit - pos;
        pos = 0;
        limit = 0;
        return n;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        pos = 0;
        limit = 0;
        if (releaseWhileWaiting && in.available() == 0) {
            return fillAfterWaiting();
        }
        if (buf == null) {
            buf = new byte[bufferSize];
        }
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) {
            eof = true;
            return false;
        }
        limit = n;
        return true;
    }

    /** Waits for the peer's next octet holding no buffer, then buffers it and what came with it. */
    private boolean fillAfterWaiting() throws IOException {
        buf = null;
        int first = in.read();
        if (first < 0) {
            eof = true;
            return false;
        }
        buf = new byte[bufferSize];
        buf[0] = (byte) first;
        limit = 1;
        int ready = Math.min(in.available(), bufferSize - 1);
        if (ready > 0) {
            int n = in.read(buf, 1, ready);
            if (n > 0) {
                limit += n;
            }
        }
        return true;
    }

    private int indexOf(byte b, int from, int to) {
        return indexOf(buf, b, from, to);
    }

    private static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}

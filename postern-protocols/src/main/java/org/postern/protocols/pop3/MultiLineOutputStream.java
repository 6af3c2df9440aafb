package org.postern.protocols.pop3;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The body of a multi-line response (RFC 1939 section 3), byte for byte: a {@code .} at the
 * start of a line is doubled, every other octet passes unchanged (8-bit, long lines, a bare
 * LF), and {@link #finish()} writes the terminating {@code .CRLF} — after a CRLF of its own
 * when the content did not end with a line end, so the terminator is always on its own line.
 * A line starts at the beginning and after every LF, as a client reading lines sees it.
 * {@link #close()} finishes but leaves the underlying stream open: the session goes on.
 */
public final class MultiLineOutputStream extends FilterOutputStream {

    private boolean lineStart = true;
    private boolean finished;

    public MultiLineOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (finished) {
            throw new IOException("multi-line response already finished");
        }
        if (lineStart && b == '.') {
            out.write('.');
        }
        out.write(b);
        lineStart = b == '\n';
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (finished) {
            throw new IOException("multi-line response already finished");
        }
        int end = off + len;
        int from = off;
        for (int i = off; i < end; i++) {
            if (lineStart && b[i] == '.') {
                out.write(b, from, i - from);
                out.write('.');
                from = i;
            }
            lineStart = b[i] == '\n';
        }
        out.write(b, from, end - from);
    }

    /** Writes the terminator (and a CRLF first if the content did not end with LF). Does not flush. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        finished = true;
    }

    @Override
    public void close() throws IOException {
        finish();
    }
}

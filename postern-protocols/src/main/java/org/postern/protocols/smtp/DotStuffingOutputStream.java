package org.postern.protocols.smtp;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The sending side of RFC 5321 section 4.5.2: doubles a dot at the start of every line, turns
 * every bare CR or LF into CRLF (so what is sent is never ambiguous to the receiver), and on
 * {@link #finish()} writes the end-of-data marker {@code <CRLF>.<CRLF>} (adding the final CRLF
 * the message may lack). {@link #close()} finishes and closes the underlying stream.
 */
public final class DotStuffingOutputStream extends FilterOutputStream {

    private boolean lineStart = true;
    private boolean pendingCr;
    private boolean finished;

    public DotStuffingOutputStream(OutputStream out) {
        super(out);
    }

    @Override
    public void write(int b) throws IOException {
        if (finished) {
            throw new IOException("data already finished");
        }
        byte c = (byte) b;
        if (pendingCr) {
            pendingCr = false;
            out.write('\r');
            out.write('\n');
            lineStart = true;
            if (c == '\n') {
                return;
            }
        }
        if (c == '\r') {
            pendingCr = true;
            return;
        }
        if (c == '\n') {
            out.write('\r');
            out.write('\n');
            lineStart = true;
            return;
        }
        if (lineStart && c == '.') {
            out.write('.');
        }
        lineStart = false;
        out.write(c);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            write(b[i]);
        }
    }

    /** Ends the data: the final CRLF if missing, then {@code .<CRLF>}. Does not close. */
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        if (pendingCr) {
            pendingCr = false;
            out.write('\r');
            out.write('\n');
            lineStart = true;
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write('.');
        out.write('\r');
        out.write('\n');
        finished = true;
        out.flush();
    }

    @Override
    public void close() throws IOException {
        finish();
        super.close();
    }
}

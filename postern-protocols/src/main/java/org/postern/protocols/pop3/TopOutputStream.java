package org.postern.protocols.pop3;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * What TOP sends of a message (RFC 1939 section 7): the header, the empty line that ends it,
 * and at most {@code lines} lines of the body; the rest of what is written is dropped. A
 * message without an empty line is all header and passes whole. Lines end at LF. Put it in
 * front of a {@link MultiLineOutputStream}; closing it does not close that stream.
 */
public final class TopOutputStream extends FilterOutputStream {

    private final long lines;
    private boolean inHeader = true;
    private long lineLength;
    private int last = -1;
    private long bodyLines;
    private boolean done;

    public TopOutputStream(OutputStream out, long lines) {
        super(out);
        if (lines < 0) {
            throw new IllegalArgumentException("negative line count");
        }
        this.lines = lines;
    }

    @Override
    public void write(int b) throws IOException {
        if (done) {
            return;
        }
        out.write(b);
        if (b != '\n') {
            lineLength++;
            last = b;
            return;
        }
        boolean empty = lineLength == 0 || lineLength == 1 && last == '\r';
        lineLength = 0;
        last = b;
        if (inHeader) {
            if (empty) {
                inHeader = false;
                done = lines == 0;
            }
        } else if (++bodyLines >= lines) {
            done = true;
        }
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int end = off + len;
        int from = off;
        for (int i = off; i < end && !done; i++) {
            if (b[i] != '\n') {
                lineLength++;
                last = b[i];
                continue;
            }
            boolean empty = lineLength == 0 || lineLength == 1 && last == '\r';
            lineLength = 0;
            last = '\n';
            if (inHeader) {
                if (empty) {
                    inHeader = false;
                    done = lines == 0;
                }
            } else if (++bodyLines >= lines) {
                done = true;
            }
            if (done) {
                out.write(b, from, i + 1 - from);
                return;
            }
        }
        if (!done) {
            out.write(b, from, end - from);
        }
    }

    /** Whether everything TOP sends has been written (the caller may stop reading the message). */
    public boolean done() {
        return done;
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}

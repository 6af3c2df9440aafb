package org.postern.clientaccess.imap;
import java.util.Optional;

import org.postern.core.net.Connection;
import org.postern.core.net.StreamConnection;
import org.postern.core.testing.BytePipe;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An IMAP session on its own virtual thread over in-memory pipes, driven line by line like a client. */
final class TestClient implements AutoCloseable {

    private final BytePipe clientToServer = new BytePipe();
    private final BytePipe serverToClient = new BytePipe();
    private final OutputStream toServer = clientToServer.sink();
    private final InputStream fromServer = serverToClient.source();
    private OutputStream out = toServer;
    private InputStream in = fromServer;
    private final Thread session;
    private int tag;
    /** Each write of the server: the offset after it in what it sent, and System.nanoTime() when it wrote. */
    private final List<long[]> writes = new ArrayList<>();
    /** Bytes read so far (before COMPRESS, where line() reads them one by one). */
    private long read;
    private long lastLineWrittenAt;

    TestClient(ImapBackend backend, boolean tls) {
        OutputStream serverOut = new TimedSink(serverToClient.sink());
        Connection channel = new StreamConnection(clientToServer.source(), serverOut, InetAddress.getLoopbackAddress(), "IMAP", tls);
        session = Thread.ofVirtual().start(() -> {
            new ImapSession(channel, Optional.empty(), backend).run();
            try {
                serverOut.close();
            } catch (IOException e) {
                // ignore
            }
        });
    }

    /** Reads one line (without CRLF); null at the end. */
    String line() {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            boolean raw = in == fromServer;
            while ((c = in.read()) >= 0) {
                if (raw) {
                    read++;
                }
                if (c == '\n') {
                    if (raw) {
                        lastLineWrittenAt = writtenAt(read);
                    }
                    byte[] bytes = b.toByteArray();
                    int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                    return new String(bytes, 0, n, StandardCharsets.UTF_8);
                }
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    void write(String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a command with the next tag and returns every line up to and including the tagged one. */
    String command(String command) {
        String t = "a" + (++tag);
        write(t + " " + command + "\r\n");
        return until(t + " ");
    }

    /** Lines up to and including the first one that starts with {@code prefix}. */
    String until(String prefix) {
        StringBuilder sb = new StringBuilder();
        String l;
        while ((l = line()) != null) {
            sb.append(l).append("\r\n");
            if (l.startsWith(prefix)) {
                break;
            }
        }
        return sb.toString();
    }

    /** From now on, both directions in raw DEFLATE (RFC 4978), as after {@code OK DEFLATE active}. */
    void compress() {
        out = new java.util.zip.DeflaterOutputStream(toServer, new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, true), 512, true);
        in = new java.util.zip.InflaterInputStream(fromServer, new java.util.zip.Inflater(true), 512);
    }

    /**
     * When the server wrote the end of the last line {@link #line()} returned (System.nanoTime(),
     * on the server's thread): a bound on the server's timing that the test thread's own pace does
     * not stretch. Only before {@link #compress()}.
     */
    long lastLineWrittenAt() {
        return lastLineWrittenAt;
    }

    private long writtenAt(long offset) {
        synchronized (writes) {
            for (long[] w : writes) {
                if (w[0] >= offset) {
                    return w[1];
                }
            }
        }
        throw new IllegalStateException("no write of the server reached offset " + offset);
    }

    /** The server's side of the pipe, noting when each write happened (before the bytes can be read). */
    private final class TimedSink extends FilterOutputStream {
        private long written;

        TimedSink(OutputStream sink) {
            super(sink);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (writes) {
                written += len;
                writes.add(new long[] {written, System.nanoTime()});
            }
            out.write(b, off, len);
        }
    }

    String lastTag() {
        return "a" + tag;
    }

    String nextTag() {
        return "a" + (++tag);
    }

    @Override
    public void close() {
        end();
    }

    /** Closes the client's side and waits for the session's thread to end (idempotent). */
    void end() {
        try {
            toServer.close();
        } catch (IOException e) {
            // ignore
        }
        try {
            session.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.postern.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.postern.core.testing.TrustAnyCertificate;

/**
 * One connection of an MPT script to a running server's port 143. It reads the greeting and
 * secures the connection with STARTTLS before the script starts (Postern refuses LOGIN in
 * clear, RFC 9051 section 11.1); then, as James's external host system does, the first line the
 * script reads is the fixed greeting James's scripts expect ({@link #GREETING}), and every
 * other line is what the server sent.
 */
final class MptSession implements AutoCloseable {

    static final String GREETING = "* OK IMAP4rev1 Server ready";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private boolean greeted;

    private MptSession(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    static MptSession open(int port) throws Exception {
        Socket plain = new Socket("127.0.0.1", port);
        plain.setSoTimeout(20_000);
        InputStream in = plain.getInputStream();
        String greeting = line(in);
        if (!greeting.startsWith("* OK")) {
            plain.close();
            throw new IOException("greeting: " + greeting);
        }
        plain.getOutputStream().write("mpt0 STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
        String reply = line(in);
        if (!reply.startsWith("mpt0 OK")) {
            plain.close();
            throw new IOException("STARTTLS: " + reply);
        }
        SSLSocket tls = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        tls.startHandshake();
        tls.setSoTimeout(20_000);
        return new MptSession(tls);
    }

    /** A new connection whose greeting counts as read. */
    static MptSession reopen(int port) throws Exception {
        MptSession s = open(port);
        s.greeted = true;
        return s;
    }

    String readLine() throws IOException {
        if (!greeted) {
            greeted = true;
            return GREETING;
        }
        return line(in);
    }

    void writeLine(String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new EOFException("connection closed after: " + b.toString(StandardCharsets.UTF_8));
            }
            b.write(c);
        }
        byte[] line = b.toByteArray();
        int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        return new String(line, 0, end, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

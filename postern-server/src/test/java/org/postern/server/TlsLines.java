package org.postern.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.net.ssl.SSLSocket;
import org.postern.core.testing.TrustAnyCertificate;

/**
 * A bare line client over implicit TLS (SMTPS, IMAPS, POP3S) that trusts the server's
 * self-signed certificate and connects from a chosen loopback address, so a test can hold
 * each source's failure count apart. Sends exactly the lines it is given.
 */
final class TlsLines implements AutoCloseable {

    private final SSLSocket socket;
    private final BufferedReader in;
    private final OutputStream out;

    TlsLines(String source, int port) throws IOException, GeneralSecurityException {
        Socket plain = new Socket();
        plain.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        socket = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.setUseClientMode(true);
        socket.setSoTimeout(60_000);
        socket.startHandshake();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
    }

    void send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** One line; fails when the server closed the connection. */
    String line() throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        return line;
    }

    /** The lines up to and including the first that starts with {@code prefix}; returns that line. */
    String until(String prefix) throws IOException {
        String line;
        do {
            line = line();
        } while (!line.startsWith(prefix));
        return line;
    }

    /** The last line of an SMTP reply (RFC 5321 section 4.2.1: continuation lines have a hyphen). */
    String smtpReply() throws IOException {
        String line;
        do {
            line = line();
        } while (line.length() > 3 && line.charAt(3) == '-');
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

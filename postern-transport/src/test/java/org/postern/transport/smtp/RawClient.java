package org.postern.transport.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import org.postern.core.testing.TrustAnyCertificate;

/**
 * A hand-driven SMTP client for the abuse tests: it sends exactly the bytes given (bare LFs,
 * pipelined groups, injected commands) and reads whole replies.
 */
final class RawClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(20_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Connects with TLS from the first byte (port 465). */
    static RawClient implicitTls(int port) throws Exception {
        RawClient c = new RawClient(port);
        c.wrapTls();
        return c;
    }

    RawClient send(String text) throws IOException {
        return sendBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    RawClient sendBytes(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** One whole reply (every line up to the one with a space after the code), without the last CRLF. */
    String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return reply.isEmpty() ? null : reply.toString();
            }
            if (!reply.isEmpty()) {
                reply.append('\n');
            }
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    /** Reads a reply and checks how it starts. */
    String expect(String start) throws IOException {
        String r = reply();
        assertThat(r).as("reply").isNotNull();
        String last = r.substring(r.lastIndexOf('\n') + 1);
        assertThat(last).as("reply").startsWith(start);
        return r;
    }

    /** Sends a command and checks the reply's start. */
    String command(String line, String expected) throws IOException {
        send(line + "\r\n");
        return expect(expected);
    }

    /** The next line, or null at end of stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return null;
    }

    /** Whether the server closed the connection (reads until end of stream or timeout). */
    boolean closedByServer() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** The TLS handshake on the current connection, trusting any certificate. */
    void wrapTls() throws Exception {
        SSLSocket tls = (SSLSocket) TrustAnyCertificate.context().getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        tls.setUseClientMode(true);
        tls.startHandshake();
        socket = tls;
        in = tls.getInputStream();
        out = tls.getOutputStream();
    }

    void setTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

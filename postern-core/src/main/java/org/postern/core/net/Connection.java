package org.postern.core.net;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.postern.core.tls.TlsPolicy;

/**
 * One accepted connection: its socket, its streams, and TLS — from the first byte (implicit
 * TLS, RFC 8314) or negotiated mid-session (STARTTLS, RFC 3207; STLS, RFC 2595).
 *
 * <p>After {@link #startTls}, {@link #input()} and {@link #output()} are new streams over the
 * TLS socket. Whatever the caller had buffered from the plain-text stream must be dropped, not
 * carried over: bytes a client pipelined before the handshake are never read as commands
 * (CVE-2011-0411).
 */
public final class Connection implements Closeable {

    private Socket socket;
    private InputStream input;
    private OutputStream output;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final String listenerName;

    Connection(Socket socket, String listenerName) throws IOException {
        this.socket = socket;
        this.listenerName = listenerName;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
        socket.setTcpNoDelay(true);
        streams();
    }

    private void streams() throws IOException {
        this.input = socket.getInputStream();
        this.output = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    /** Where the peer connects from. */
    public InetSocketAddress remote() {
        return remote;
    }

    public InetAddress remoteAddress() {
        return remote.getAddress();
    }

    /** The address and port the peer connected to. */
    public InetSocketAddress local() {
        return local;
    }

    /** The name of the listener that accepted it ("SMTP", "submission", "IMAPS", …). */
    public String listenerName() {
        return listenerName;
    }

    /** The socket's stream; protocol readers buffer it themselves. */
    public InputStream input() {
        return input;
    }

    /** A buffered stream: flush after each reply (or pipelined group of replies). */
    public OutputStream output() {
        return output;
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /** The TLS session, once TLS is on. */
    public Optional<SSLSession> tlsSession() {
        return socket instanceof SSLSocket tls ? Optional.of(tls.getSession()) : Optional.empty();
    }

    /** Sets how long a read may wait for the peer before it fails with a timeout. */
    public void setIdleTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    /**
     * Turns the connection into a TLS one, as the server side, and completes the handshake.
     * The caller has flushed its reply ("220 Ready to start TLS") and drops everything it
     * had buffered from the old input stream.
     */
    public void startTls(SSLContext context) throws IOException {
        if (isTls()) {
            throw new IllegalStateException("TLS is already on");
        }
        output.flush();
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(socket, remote.getHostString(), remote.getPort(), true);
        tls.setUseClientMode(false);
        tls.setSSLParameters(TlsPolicy.serverParameters());
        tls.startHandshake();
        socket = tls;
        streams();
    }

    /** For implicit TLS: the listener's socket is already an {@link SSLSocket}; complete its handshake. */
    void handshakeIfTls() throws IOException {
        if (socket instanceof SSLSocket tls) {
            tls.startHandshake();
        }
    }

    /** A short description for logs: {@code SMTP 192.0.2.1:40000}. */
    @Override
    public String toString() {
        return listenerName + " " + remote.getHostString() + ":" + remote.getPort() + (isTls() ? " (TLS)" : "");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

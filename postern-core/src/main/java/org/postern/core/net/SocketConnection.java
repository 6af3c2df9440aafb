package org.postern.core.net;

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

/** A {@link Connection} accepted on a socket by a {@link TcpListener}. */
final class SocketConnection implements Connection {

    private Socket socket;
    private InputStream input;
    private OutputStream output;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final String listenerName;

    SocketConnection(Socket socket, String listenerName) throws IOException {
        this.socket = socket;
        this.listenerName = listenerName;
        this.remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        this.local = (InetSocketAddress) socket.getLocalSocketAddress();
        socket.setTcpNoDelay(true);
        streams();
    }

    private void streams() throws IOException {
        this.input = socket.getInputStream();
        this.output = new ReleasingOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public InetAddress remoteAddress() {
        return remote.getAddress();
    }

    @Override
    public InetSocketAddress local() {
        return local;
    }

    @Override
    public String listenerName() {
        return listenerName;
    }

    @Override
    public InputStream input() {
        return input;
    }

    @Override
    public OutputStream output() {
        return output;
    }

    @Override
    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return socket instanceof SSLSocket tls ? Optional.of(tls.getSession()) : Optional.empty();
    }

    @Override
    public void setIdleTimeout(Duration timeout) throws SocketException {
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

    @Override
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

    @Override
    public String toString() {
        return listenerName + " " + remote.getHostString() + ":" + remote.getPort() + (isTls() ? " (TLS)" : "");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

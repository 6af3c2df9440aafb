package org.postern.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;

/**
 * A {@link Connection} over a pair of streams, so a protocol session runs without a socket:
 * transcript tests ({@code C:}/{@code S:} scripts), fuzzing, in-process use. It has no TLS:
 * {@link #startTls} fails, as a handshake would with a peer that cannot speak it; a session
 * that must be tested as if under TLS is given {@code tls = true}.
 */
public final class StreamConnection implements Connection {

    private final InputStream input;
    private final OutputStream output;
    private final InetSocketAddress remote;
    private final String listenerName;
    private final boolean tls;

    /**
     * @param remote the address the session believes its peer has (policy and throttles use it)
     * @param tls    whether the session should act as under TLS (no handshake is made)
     */
    public StreamConnection(InputStream input, OutputStream output, InetAddress remote, String listenerName, boolean tls) {
        this.input = input;
        this.output = output;
        this.remote = new InetSocketAddress(remote, 40000);
        this.listenerName = listenerName;
        this.tls = tls;
    }

    @Override
    public InetSocketAddress remote() {
        return remote;
    }

    @Override
    public InetSocketAddress local() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
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
        return tls;
    }

    @Override
    public Optional<SSLSession> tlsSession() {
        return Optional.empty();
    }

    @Override
    public void setIdleTimeout(Duration timeout) {
        // streams have no timeout; the test decides when input ends
    }

    @Override
    public void startTls(SSLContext context) throws IOException {
        throw new IOException("no TLS over a stream pair");
    }

    @Override
    public String toString() {
        return listenerName + " " + remote.getHostString() + " (streams)";
    }

    @Override
    public void close() throws IOException {
        try (input; output) {
            output.flush();
        }
    }
}

package org.postern.core.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.postern.core.tls.TlsPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts connections on one address and port, and serves each on its own virtual thread
 * (DESIGN.md, "Connections"): blocking I/O, so protocol code reads like the RFC's state
 * machine. It enforces the {@link ConnectionLimits} every listener has — connections in all
 * and per source address, idle and total time — and turns away the excess in the protocol's
 * own words through {@link ConnectionHandler#refuse}.
 *
 * <p>With an implicit-TLS context (SMTPS 465, IMAPS 993, POP3S 995 — RFC 8314), the TLS
 * handshake runs on the connection's thread before the session starts, so a slow or hostile
 * client never holds up the accept loop.
 */
public final class TcpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("postern-session-timer").factory());

    private final String name;
    private final InetSocketAddress bindAddress;
    private final Optional<SSLContext> implicitTls;
    private final ConnectionLimits limits;
    private final ConnectionHandler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    /** Open connections per source address; an address leaves the map with its last connection. */
    private final Map<InetAddress, Integer> perSource = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile ServerSocket serverSocket;
    private volatile boolean closing;
    private Thread acceptor;

    /**
     * @param name        a name for logs and refusals ("SMTP", "submission", "IMAPS")
     * @param bindAddress where to listen
     * @param implicitTls the context for TLS from the first byte, or empty for plain text (with
     *                    STARTTLS left to the protocol)
     */
    public TcpListener(String name, InetSocketAddress bindAddress, Optional<SSLContext> implicitTls,
                       ConnectionLimits limits, ConnectionHandler handler) {
        this.name = name;
        this.bindAddress = bindAddress;
        this.implicitTls = implicitTls;
        this.limits = limits;
        this.handler = handler;
    }

    /** Binds the port and starts accepting. */
    public synchronized void start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(bindAddress, 1024);
        } catch (IOException e) {
            s.close();
            throw new IOException(name + ": cannot listen on " + bindAddress.getHostString() + ":" + bindAddress.getPort()
                    + ": " + e.getMessage(), e);
        }
        serverSocket = s;
        acceptor = Thread.ofPlatform().name("postern-accept-" + name).daemon().start(this::acceptLoop);
    }

    /** The address actually bound (the port is real even when 0 was asked for). */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) serverSocket.getLocalSocketAddress();
    }

    public String name() {
        return name;
    }

    public boolean isImplicitTls() {
        return implicitTls.isPresent();
    }

    /** Connections open now. */
    public int openConnections() {
        return total.get();
    }

    private void acceptLoop() {
        while (!closing) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closing) {
                    LOG.warn("{}: accept failed: {}", name, e.getMessage());
                }
                continue;
            }
            // counted here, in the order of accept, not in the session's thread: which of several
            // connections is the one too many must not depend on which thread runs first
            InetAddress source = socket.getInetAddress();
            int count = total.incrementAndGet();
            int sourceCount = perSource.merge(source, 1, Integer::sum);
            Thread.ofVirtual().name("postern-" + name + "-" + socket.getPort())
                    .start(() -> serve(socket, count, sourceCount));
        }
    }

    private void serve(Socket plain, int count, int sourceCount) {
        InetAddress source = plain.getInetAddress();
        open.add(plain);
        ScheduledFuture<?> deadline = TIMER.schedule(() -> closeQuietly(plain), limits.sessionTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        SocketConnection connection = null;
        try {
            Socket socket = implicitTls.isPresent() ? wrap(plain, implicitTls.get()) : plain;
            connection = new SocketConnection(socket, name);
            connection.setIdleTimeout(limits.idleTimeout());
            connection.handshakeIfTls();
            if (closing) {
                handler.refuse(connection, ConnectionHandler.Refusal.SHUTTING_DOWN);
            } else if (count > limits.maxConnections()) {
                handler.refuse(connection, ConnectionHandler.Refusal.TOO_MANY_CONNECTIONS);
            } else if (sourceCount > limits.maxPerSource()) {
                handler.refuse(connection, ConnectionHandler.Refusal.TOO_MANY_FROM_SOURCE);
            } else {
                handler.serve(connection);
            }
        } catch (SocketException e) {
            LOG.debug("{}: connection from {} ended: {}", name, source, e.getMessage());
        } catch (IOException e) {
            LOG.debug("{}: connection from {} failed: {}", name, source, e.getMessage());
        } catch (Exception | Error e) {
            LOG.error("{}: session with {} failed", name, connection != null ? connection : source, e);
        } finally {
            deadline.cancel(false);
            open.remove(plain);
            closeQuietly(plain);
            total.decrementAndGet();
            perSource.computeIfPresent(source, (a, n) -> n == 1 ? null : n - 1);
        }
    }

    private static Socket wrap(Socket plain, SSLContext context) throws IOException {
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
        tls.setUseClientMode(false);
        tls.setSSLParameters(TlsPolicy.serverParameters());
        return tls;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Stops accepting and closes every open connection: sessions end at their next read or write. */
    @Override
    public synchronized void close() {
        closing = true;
        if (serverSocket != null) {
            try {
                serverSocket.close();
            } catch (IOException e) {
                LOG.debug("{}: closing the listening socket: {}", name, e.getMessage());
            }
        }
        open.forEach(TcpListener::closeQuietly);
        if (acceptor != null) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

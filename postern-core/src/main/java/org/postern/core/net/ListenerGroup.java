package org.postern.core.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The listeners of one protocol service, started and stopped together: typically a port in
 * plain text whose sessions upgrade with STARTTLS/STLS, and a port with implicit TLS
 * (RFC 8314). Either every listener binds or none stays bound.
 */
public final class ListenerGroup implements AutoCloseable {

    private record Planned(String name, int port, Optional<SSLContext> implicitTls, String note, ConnectionHandler handler) {
    }

    private final Optional<InetAddress> bindAddress;
    private final ConnectionLimits limits;
    private final List<Planned> planned = new ArrayList<>();
    private final List<TcpListener> listeners = new ArrayList<>();

    /** @param bindAddress where to listen; empty for every address of the machine */
    public ListenerGroup(Optional<InetAddress> bindAddress, ConnectionLimits limits) {
        this.bindAddress = bindAddress;
        this.limits = limits;
    }

    /**
     * Adds a listener to start.
     *
     * @param note        shown after the address in {@link #listening()} (e.g. "STARTTLS"), or empty
     * @param implicitTls the context for TLS from the first byte, or empty for plain text
     */
    public synchronized ListenerGroup add(String name, int port, Optional<SSLContext> implicitTls, String note,
                                          ConnectionHandler handler) {
        planned.add(new Planned(name, port, implicitTls, note, handler));
        return this;
    }

    /** Binds every listener; if one cannot bind, closes those already bound and throws. */
    public synchronized void start() throws IOException {
        try {
            for (Planned p : planned) {
                InetSocketAddress address = bindAddress.map(a -> new InetSocketAddress(a, p.port()))
                        .orElseGet(() -> new InetSocketAddress(p.port()));
                TcpListener listener = new TcpListener(p.name(), address, p.implicitTls(), limits, p.handler());
                listener.start();
                listeners.add(listener);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Where each listener listens, one line each: {@code IMAP 0.0.0.0:143 (STARTTLS)}. */
    public synchronized List<String> listening() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < listeners.size(); i++) {
            InetSocketAddress a = listeners.get(i).localAddress();
            InetAddress ip = a.getAddress();
            String host = ip.isAnyLocalAddress() ? "0.0.0.0" : ip.getHostAddress();
            String note = planned.get(i).note();
            lines.add(listeners.get(i).name() + " " + host + ":" + a.getPort() + (note.isEmpty() ? "" : " (" + note + ")"));
        }
        return lines;
    }

    @Override
    public synchronized void close() {
        for (TcpListener l : listeners.reversed()) {
            l.close();
        }
        listeners.clear();
    }
}

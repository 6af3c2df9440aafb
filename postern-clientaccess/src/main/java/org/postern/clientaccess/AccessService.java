package org.postern.clientaccess;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.auth.Authenticator;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.DataPathSource;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.net.Connection;
import org.postern.core.net.ConnectionHandler;
import org.postern.core.net.ConnectionLimits;
import org.postern.core.net.ListenerGroup;

/**
 * The two listeners of one mail access protocol (IMAP4 or POP3): its plain-text port, where no
 * credential is accepted before the client starts TLS, and its port with TLS from the first
 * byte (RFC 8314). Both serve sessions of the same {@link AccessSessions}, so the protocol's
 * per-user bounds cover both ports.
 */
public final class AccessService implements DataPathSource, AutoCloseable {

    private final AccessProtocol protocol;
    private final Optional<InetAddress> bindAddress;
    private final ConnectionLimits connections;
    private final int portOffset;
    private final SSLContext tls;
    private final AccessSessions sessions;
    private final Authenticator authenticator;
    private ListenerGroup listeners;

    public AccessService(AccessProtocol protocol, Optional<InetAddress> bindAddress, ConnectionLimits connections,
                         int portOffset, SSLContext tls, AccessSessions sessions, Authenticator authenticator) {
        this.protocol = protocol;
        this.bindAddress = bindAddress;
        this.connections = connections;
        this.portOffset = portOffset;
        this.tls = tls;
        this.sessions = sessions;
        this.authenticator = authenticator;
    }

    /**
     * The row a protocol carries, without starting anything: its password command is reported as
     * plain; by default its SASL command offers what the authenticator offers under TLS now
     * ({@link Authenticator#defaultReferenceMethods}: plain, and Kerberos once GSSAPI is on), and
     * supports what it can be configured to offer ({@link Authenticator#supportedReferenceMethods}).
     */
    public static DataPath dataPath(AccessProtocol protocol, int portOffset, Authenticator authenticator) {
        List<AuthMethod> defaults = withPlain(authenticator.defaultReferenceMethods(protocol.service()));
        List<AuthMethod> supported = withPlain(authenticator.supportedReferenceMethods(protocol.service()));
        return new DataPath(protocol.row(), protocol.service(), Carrier.NETWORK,
                List.of(Port.tcp(protocol.plainPort(), portOffset), Port.tcp(protocol.tlsPort(), portOffset)),
                defaults, supported, Encryption.TLS, true);
    }

    /** PLAIN first (the protocol's own password command), then the methods given. */
    private static List<AuthMethod> withPlain(List<AuthMethod> methods) {
        List<AuthMethod> all = new ArrayList<>(List.of(AuthMethod.PLAIN));
        methods.stream().filter(m -> !all.contains(m)).forEach(all::add);
        return all;
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of(dataPath(protocol, portOffset, authenticator));
    }

    /** Binds both ports (plus the offset); on failure nothing stays bound. */
    public synchronized void start() throws IOException {
        listeners = new ListenerGroup(bindAddress, connections)
                .add(protocol.plainLabel(), Port.tcp(protocol.plainPort(), portOffset).number(), Optional.empty(),
                        protocol.upgradeCommand(), new Handler(Optional.of(tls)))
                .add(protocol.tlsLabel(), Port.tcp(protocol.tlsPort(), portOffset).number(), Optional.of(tls), "",
                        new Handler(Optional.empty()));
        listeners.start();
    }

    /** Where it listens, one line per port. */
    public synchronized List<String> listening() {
        return listeners == null ? List.of() : listeners.listening();
    }

    @Override
    public synchronized void close() {
        if (listeners != null) {
            listeners.close();
        }
    }

    /** One listener's side: the upgrade it offers, or none where TLS is there from the start. */
    private final class Handler implements ConnectionHandler {
        private final Optional<SSLContext> upgrade;

        Handler(Optional<SSLContext> upgrade) {
            this.upgrade = upgrade;
        }

        @Override
        public void serve(Connection connection) {
            sessions.serve(connection, upgrade);
        }

        @Override
        public void refuse(Connection connection, Refusal refusal) throws IOException {
            sessions.refuse(connection, refusal.text());
        }
    }
}

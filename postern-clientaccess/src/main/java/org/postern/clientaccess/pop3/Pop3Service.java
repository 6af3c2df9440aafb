package org.postern.clientaccess.pop3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import org.postern.core.datapath.ReferencePath;
import org.postern.core.net.Connection;
import org.postern.core.net.ConnectionHandler;
import org.postern.core.net.TcpListener;
import org.postern.protocols.pop3.Pop3Responses;
import org.postern.protocols.pop3.ResponseCode;

/**
 * POP3 of the Client Access role (reference row "pop3"): port 110 in plain text with STLS
 * (RFC 2595), where no credential is accepted before TLS, and port 995 with TLS from the first
 * byte (RFC 8314). Both serve {@link Pop3Session}s over one {@link Pop3Backend}, so one maildrop
 * lock table covers both ports.
 */
public final class Pop3Service implements DataPathSource, AutoCloseable {

    private final Pop3Settings settings;
    private final SSLContext tls;
    private final Pop3Backend backend;
    private final List<TcpListener> listeners = new ArrayList<>();

    public Pop3Service(Pop3Settings settings, SSLContext tls, Pop3Backend backend) {
        this.settings = settings;
        this.tls = tls;
        this.backend = backend;
    }

    /**
     * The row this service carries, without starting anything: USER/PASS is reported as plain,
     * and SASL what the authenticator offers under TLS ({@link Authenticator#referenceMethods}:
     * PLAIN, LOGIN, and Kerberos once GSSAPI is on).
     */
    public static DataPath dataPath(int portOffset, Authenticator authenticator) {
        List<AuthMethod> supported = new java.util.ArrayList<>(List.of(AuthMethod.PLAIN));
        authenticator.referenceMethods("pop3").stream().filter(m -> !supported.contains(m)).forEach(supported::add);
        return new DataPath(ReferencePath.POP3, "pop3", Carrier.NETWORK,
                List.of(Port.tcp(Pop3Settings.POP3_PORT, portOffset), Port.tcp(Pop3Settings.POP3S_PORT, portOffset)),
                List.of(AuthMethod.PLAIN), supported, Encryption.TLS, true);
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of(dataPath(settings.portOffset(), backend.authenticator()));
    }

    /** Binds 110 and 995 (plus the offset); on failure nothing stays bound. */
    public synchronized void start() throws IOException {
        try {
            open("POP3", Pop3Settings.POP3_PORT, Optional.empty());
            open("POP3S", Pop3Settings.POP3S_PORT, Optional.of(tls));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void open(String name, int base, Optional<SSLContext> implicitTls) throws IOException {
        int port = Port.tcp(base, settings.portOffset()).number();
        InetSocketAddress address = settings.bindAddress()
                .map(a -> new InetSocketAddress(a, port)).orElseGet(() -> new InetSocketAddress(port));
        Optional<SSLContext> stls = implicitTls.isPresent() ? Optional.empty() : Optional.of(tls);
        TcpListener listener = new TcpListener(name, address, implicitTls, settings.connections(), new Handler(stls));
        listener.start();
        listeners.add(listener);
    }

    /** Where it listens, one line per port: {@code POP3 0.0.0.0:110 (STLS)}, {@code POP3S 0.0.0.0:995}. */
    public synchronized List<String> listening() {
        return listeners.stream().map(l -> {
            InetSocketAddress a = l.localAddress();
            InetAddress ip = a.getAddress();
            String host = ip.isAnyLocalAddress() ? "0.0.0.0" : ip.getHostAddress();
            return l.name() + " " + host + ":" + a.getPort() + (l.isImplicitTls() ? "" : " (STLS)");
        }).toList();
    }

    @Override
    public synchronized void close() {
        for (TcpListener l : listeners.reversed()) {
            l.close();
        }
        listeners.clear();
    }

    /** One listener's side: a session per connection, and refusals in POP3's words. */
    private final class Handler implements ConnectionHandler {
        private final Optional<SSLContext> stls;

        Handler(Optional<SSLContext> stls) {
            this.stls = stls;
        }

        @Override
        public void serve(Connection connection) {
            new Pop3Session(connection, backend, stls).run();
        }

        @Override
        public void refuse(Connection connection, Refusal refusal) throws IOException {
            String text = switch (refusal) {
                case TOO_MANY_CONNECTIONS -> "Too many connections, try again later";
                case TOO_MANY_FROM_SOURCE -> "Too many connections from your address, try again later";
                case SHUTTING_DOWN -> "Server shutting down";
            };
            Pop3Responses.err(connection.output(), ResponseCode.SYS_TEMP, text);
            connection.output().flush();
        }
    }
}

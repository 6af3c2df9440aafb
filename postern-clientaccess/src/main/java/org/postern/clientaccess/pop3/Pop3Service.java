package org.postern.clientaccess.pop3;

import java.io.IOException;
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
import org.postern.core.net.ListenerGroup;
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
    private ListenerGroup listeners;

    public Pop3Service(Pop3Settings settings, SSLContext tls, Pop3Backend backend) {
        this.settings = settings;
        this.tls = tls;
        this.backend = backend;
    }

    /**
     * The row this service carries, without starting anything: USER/PASS is reported as plain,
     * by default SASL offers what the authenticator offers under TLS now
     * ({@link Authenticator#defaultReferenceMethods}: plain, and Kerberos once GSSAPI is on), and
     * supports what it can be configured to offer ({@link Authenticator#supportedReferenceMethods}).
     */
    public static DataPath dataPath(int portOffset, Authenticator authenticator) {
        List<AuthMethod> defaults = withPlain(authenticator.defaultReferenceMethods("pop3"));
        List<AuthMethod> supported = withPlain(authenticator.supportedReferenceMethods("pop3"));
        return new DataPath(ReferencePath.POP3, "pop3", Carrier.NETWORK,
                List.of(Port.tcp(Pop3Settings.POP3_PORT, portOffset), Port.tcp(Pop3Settings.POP3S_PORT, portOffset)),
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
        return List.of(dataPath(settings.portOffset(), backend.authenticator()));
    }

    /** Binds POP3_PORT and POP3S_PORT (plus the offset); on failure nothing stays bound. */
    public synchronized void start() throws IOException {
        listeners = new ListenerGroup(settings.bindAddress(), settings.connections())
                .add("POP3", Port.tcp(Pop3Settings.POP3_PORT, settings.portOffset()).number(), Optional.empty(), "STLS", new Handler(Optional.of(tls)))
                .add("POP3S", Port.tcp(Pop3Settings.POP3S_PORT, settings.portOffset()).number(), Optional.of(tls), "", new Handler(Optional.empty()));
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
            String text = refusal.text();
            Pop3Responses.err(connection.output(), ResponseCode.SYS_TEMP, text);
            connection.output().flush();
        }
    }
}

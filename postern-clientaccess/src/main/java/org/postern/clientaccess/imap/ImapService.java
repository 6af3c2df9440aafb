package org.postern.clientaccess.imap;

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
import org.postern.protocols.imap.ImapResponseWriter;

/**
 * IMAP4 of the Client Access role (reference row "imap4"): port 143 in plain text with
 * STARTTLS (RFC 3501 section 6.2.1, RFC 2595), where no credential is accepted before TLS
 * (LOGINDISABLED), and port 993 with TLS from the first byte (RFC 8314). Both serve
 * {@link ImapSession}s over one {@link ImapBackend}, so one per-user session count covers both.
 */
public final class ImapService implements DataPathSource, AutoCloseable {

    private final ImapSettings settings;
    private final SSLContext tls;
    private final ImapBackend backend;
    private ListenerGroup listeners;

    public ImapService(ImapSettings settings, SSLContext tls, ImapBackend backend) {
        this.settings = settings;
        this.tls = tls;
        this.backend = backend;
    }

    /**
     * The row this service carries, without starting anything: the LOGIN command is reported
     * as plain; by default AUTHENTICATE offers what the authenticator offers under TLS now
     * ({@link Authenticator#defaultReferenceMethods}: plain, and Kerberos once GSSAPI is on),
     * and supports what it can be configured to offer ({@link Authenticator#supportedReferenceMethods}).
     */
    public static DataPath dataPath(int portOffset, Authenticator authenticator) {
        List<AuthMethod> defaults = withPlain(authenticator.defaultReferenceMethods("imap"));
        List<AuthMethod> supported = withPlain(authenticator.supportedReferenceMethods("imap"));
        return new DataPath(ReferencePath.IMAP4, "imap", Carrier.NETWORK,
                List.of(Port.tcp(ImapSettings.IMAP_PORT, portOffset), Port.tcp(ImapSettings.IMAPS_PORT, portOffset)),
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

    /** Binds IMAP_PORT and IMAPS_PORT (plus the offset); on failure nothing stays bound. */
    public synchronized void start() throws IOException {
        listeners = new ListenerGroup(settings.bindAddress(), settings.connections())
                .add("IMAP", Port.tcp(ImapSettings.IMAP_PORT, settings.portOffset()).number(), Optional.empty(), "STARTTLS", new Handler(Optional.of(tls)))
                .add("IMAPS", Port.tcp(ImapSettings.IMAPS_PORT, settings.portOffset()).number(), Optional.of(tls), "", new Handler(Optional.empty()));
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

    /** One listener's side: a session per connection, and refusals as {@code * BYE}. */
    private final class Handler implements ConnectionHandler {
        private final Optional<SSLContext> startTls;

        Handler(Optional<SSLContext> startTls) {
            this.startTls = startTls;
        }

        @Override
        public void serve(Connection connection) {
            new ImapSession(connection, startTls, backend).run();
        }

        @Override
        public void refuse(Connection connection, Refusal refusal) throws IOException {
            String text = refusal.text();
            ImapResponseWriter out = new ImapResponseWriter(connection.output());
            out.untaggedStatus(ImapResponseWriter.Status.BYE, Optional.of("UNAVAILABLE"), text);
            out.flush();
        }
    }
}

package org.postern.transport.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.auth.AuthContext;
import org.postern.auth.Authenticator;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.DataPathSource;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.directory.Directory;
import org.postern.core.store.MailboxStore;
import org.postern.core.net.Connection;
import org.postern.core.net.ConnectionHandler;
import org.postern.core.net.TcpListener;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.SmtpReplies;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.queue.TransportQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hub Transport's SMTP receive side: up to three listeners ({@link SmtpListenerKind}) that
 * share one policy chain and hand every accepted message to one {@link TransportQueue}.
 *
 * <pre>
 * SmtpReceiveService smtp = new SmtpReceiveService("mail.example.org", 0, InetAddress.getByName("0.0.0.0"),
 *         tls.serverContext(), directory, new DirectoryAuthenticator(directory, throttle), queue, trackingLog,
 *         SmtpReceiveSettings.DEFAULTS);
 * smtp.start();   // binds 25, 587 and 465 (+ offset)
 * ...
 * smtp.close();   // stops accepting, ends every session
 * </pre>
 *
 * It declares its data paths ({@link #dataPaths()}): edge-edge on port 25 (anonymous, STARTTLS
 * offered), client-smtp on 587 and 465 (the Authenticator's mechanisms inside TLS: PLAIN, LOGIN,
 * and Kerberos when GSSAPI is offered). Messages are answered
 * {@code 250} only once the queue has them durably; nothing else is done with them here —
 * categorizing and delivery take them from the queue.
 */
public final class SmtpReceiveService implements DataPathSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpReceiveService.class);

    private final String hostname;
    private final int portOffset;
    private final InetAddress bindAddress;
    private final SSLContext tls;
    private final SmtpReceiveSettings settings;
    private final Authenticator authenticator;
    private final PolicyChain policy;
    private final MessageIntake intake;
    private final Map<SmtpListenerKind, TcpListener> listeners = new EnumMap<>(SmtpListenerKind.class);

    /**
     * @param hostname      this server's name: in the greeting, the EHLO reply, Received headers
     *                      and made Message-IDs (the TLS certificate should name it)
     * @param portOffset    added to 25, 587 and 465 ({@code --port-offset}); 0 in production
     * @param bindAddress   where to listen, e.g. {@code 0.0.0.0} or a loopback address in tests
     * @param tls           the server's TLS context (STARTTLS and port 465); TLS is never optional
     * @param directory     accepted domains, recipients, a user's own addresses
     * @param authenticator AUTH PLAIN/LOGIN, offered only under TLS, with its failure throttle
     * @param queue         where accepted messages go; {@code 250} only after {@code enqueue} returned
     * @param tracking      RECEIVE (port 25) and SUBMIT (submission) events
     * @param settings      every limit and timeout ({@link SmtpReceiveSettings#DEFAULTS})
     */
    public SmtpReceiveService(String hostname, int portOffset, InetAddress bindAddress, SSLContext tls,
                              Directory directory, Authenticator authenticator, TransportQueue queue,
                              TrackingLog tracking, SmtpReceiveSettings settings) {
        this(hostname, portOffset, bindAddress, tls, directory, authenticator, queue, tracking, settings, Optional.empty());
    }

    /**
     * As above, with the mailbox store when the mailbox role runs in this process: a recipient
     * whose mailbox is full is then refused at RCPT ({@code 552 5.2.2}, docs/adr/0023-storage-quota.md).
     */
    public SmtpReceiveService(String hostname, int portOffset, InetAddress bindAddress, SSLContext tls,
                              Directory directory, Authenticator authenticator, TransportQueue queue,
                              TrackingLog tracking, SmtpReceiveSettings settings, Optional<MailboxStore> mailboxes) {
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.portOffset = portOffset;
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.policy = PolicyChain.standard(Objects.requireNonNull(directory, "directory"), settings.limits(),
                settings.maxHops(), mailboxes);
        this.intake = new MessageIntake(hostname, Objects.requireNonNull(queue, "queue"),
                Objects.requireNonNull(tracking, "tracking"), Clock.systemDefaultZone());
        for (SmtpListenerKind kind : settings.listeners()) {
            kind.port(portOffset); // checks the range now rather than at start
        }
    }

    /** Binds every configured listener; on failure, closes those already bound and throws. */
    public synchronized void start() throws IOException {
        if (!listeners.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        try {
            for (SmtpListenerKind kind : SmtpListenerKind.values()) {
                if (!settings.listeners().contains(kind)) {
                    continue;
                }
                SessionConfig config = new SessionConfig(kind, hostname, settings, tls, authenticator, policy, intake,
                        SessionConfig.extensionsFor(kind));
                TcpListener listener = new TcpListener(kind.listenerName(),
                        new InetSocketAddress(bindAddress, kind.port(portOffset)),
                        kind.implicitTls() ? Optional.of(tls) : Optional.empty(), settings.connections(), handler(config));
                listener.start();
                listeners.put(kind, listener);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        listening().forEach(line -> LOG.info("Listening: {}", line));
    }

    /** The address a listener is bound to, once started. */
    public Optional<InetSocketAddress> address(SmtpListenerKind kind) {
        TcpListener l = listeners.get(kind);
        return l == null ? Optional.empty() : Optional.of(l.localAddress());
    }

    /** Connections open now on every listener (sessions running). */
    public synchronized int openConnections() {
        return listeners.values().stream().mapToInt(TcpListener::openConnections).sum();
    }

    /** One line per bound listener, for the server's start-up report. */
    public synchronized List<String> listening() {
        List<String> lines = new ArrayList<>();
        listeners.forEach((kind, l) -> {
            InetSocketAddress a = l.localAddress();
            String what = switch (kind) {
                case MX -> "SMTP (mail for accepted domains, STARTTLS)";
                case SUBMISSION -> "submission (STARTTLS, AUTH " + String.join(" ", offered()) + " required)";
                case SUBMISSIONS -> "submissions (implicit TLS, AUTH " + String.join(" ", offered()) + " required)";
                case LMTP -> "LMTP (STARTTLS, AUTH GSSAPI by hubs of the organisation only)";
            };
            lines.add(what + " on " + a.getAddress().getHostAddress() + ":" + a.getPort());
        });
        return lines;
    }

    @Override
    public List<DataPath> dataPaths() {
        String submission = SmtpListenerKind.SUBMISSION.listenerName();
        return dataPaths(portOffset, settings, authenticator.defaultReferenceMethods(submission),
                authenticator.supportedReferenceMethods(submission));
    }

    /** The SASL mechanisms a submission client is offered once under TLS. */
    private List<String> offered() {
        return authenticator.mechanisms(new AuthContext(SmtpListenerKind.SUBMISSION.listenerName(),
                InetAddress.getLoopbackAddress(), true));
    }

    /**
     * The data paths a service with these settings carries, without one being made (for
     * {@code postern datapaths}).
     *
     * @param defaultAuth   what submission offers under TLS now, in the reference's kinds
     *                      ({@link Authenticator#defaultReferenceMethods})
     * @param supportedAuth what submission can be configured to offer
     *                      ({@link Authenticator#supportedReferenceMethods})
     */
    public static List<DataPath> dataPaths(int portOffset, SmtpReceiveSettings settings, List<AuthMethod> defaultAuth,
            List<AuthMethod> supportedAuth) {
        List<AuthMethod> defaults = defaultAuth.contains(AuthMethod.PLAIN) ? defaultAuth : List.of(AuthMethod.PLAIN);
        List<AuthMethod> supported = supportedAuth.contains(AuthMethod.PLAIN) ? supportedAuth : SmtpListenerKind.DEFAULT_AUTH;
        List<DataPath> paths = new ArrayList<>();
        for (ReferencePath row : List.of(ReferencePath.EDGE_EDGE, ReferencePath.CLIENT_SMTP)) {
            List<SmtpListenerKind> kinds = settings.listeners().stream().filter(k -> k.row() == row).sorted().toList();
            if (!kinds.isEmpty()) {
                paths.add(SmtpListenerKind.dataPath(row, kinds, portOffset, defaults, supported));
            }
        }
        return paths;
    }

    /** Stops accepting and ends every session (a body being received is dropped, never queued). */
    @Override
    public synchronized void close() {
        listeners.values().forEach(TcpListener::close);
        listeners.clear();
    }

    static ConnectionHandler handler(SessionConfig config) {
        return new ConnectionHandler() {
            @Override
            public void serve(Connection connection) {
                new SmtpSession(connection, config).run();
            }

            @Override
            public void refuse(Connection connection, Refusal refusal) throws IOException {
                SmtpReply reply = switch (refusal) {
                    case TOO_MANY_CONNECTIONS, TOO_MANY_FROM_SOURCE -> SmtpReply.of(421, "4.7.0",
                            config.hostname() + " Too many connections, try again later");
                    case SHUTTING_DOWN -> SmtpReplies.SHUTTING_DOWN;
                };
                reply.writeTo(connection.output(), false);
                connection.output().flush();
            }
        };
    }
}

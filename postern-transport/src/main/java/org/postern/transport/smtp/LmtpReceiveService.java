package org.postern.transport.smtp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.postern.transport.delivery.FinalDelivery;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import org.postern.auth.Authenticator;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.DataPathSource;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.directory.Directory;
import org.postern.core.net.TcpListener;
import org.postern.core.store.MailboxStore;
import org.postern.core.tracking.TrackingLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Mailbox role's LMTP listener (RFC 2033) on port 24 plus the offset, for hubs in other
 * processes (reference row hub-mailbox-delivery): the SMTP session in its LMTP dialect (LHLO,
 * one reply per recipient), STARTTLS, AUTH only after TLS, and mail only from a hub of the
 * organisation — a {@code host/} principal of the realm through AUTH GSSAPI
 * ({@link PolicyChain#lmtp}). Messages go straight into the store ({@link MailboxIntake}).
 */
public final class LmtpReceiveService implements DataPathSource, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LmtpReceiveService.class);

    private final int portOffset;
    private final InetAddress bindAddress;
    private final SessionConfig config;
    private TcpListener listener;

    public LmtpReceiveService(String hostname, int portOffset, InetAddress bindAddress, SSLContext tls, Directory directory,
                              Authenticator authenticator, MailboxStore store, TrackingLog tracking,
                              SmtpReceiveSettings settings, FinalDelivery after) {
        this.portOffset = portOffset;
        this.bindAddress = Objects.requireNonNull(bindAddress, "bindAddress");
        SmtpListenerKind.LMTP.port(portOffset);
        this.config = new SessionConfig(SmtpListenerKind.LMTP, hostname, settings, tls, authenticator,
                PolicyChain.lmtp(directory, settings.limits(), store),
                new MailboxIntake(directory, store, tracking, Clock.systemUTC(), hostname, after),
                SessionConfig.extensionsFor(SmtpListenerKind.LMTP));
    }

    public synchronized void start() throws IOException {
        if (listener != null) {
            throw new IllegalStateException("already started");
        }
        TcpListener l = new TcpListener(SmtpListenerKind.LMTP.listenerName(),
                new InetSocketAddress(bindAddress, SmtpListenerKind.LMTP.port(portOffset)), Optional.empty(),
                config.settings().connections(), SmtpReceiveService.handler(config));
        l.start();
        listener = l;
        listening().forEach(line -> LOG.info("Listening: {}", line));
    }

    public synchronized List<String> listening() {
        if (listener == null) {
            return List.of();
        }
        InetSocketAddress a = listener.localAddress();
        return List.of("LMTP (STARTTLS, AUTH GSSAPI by hubs of the organisation only) on " + a.getAddress().getHostAddress()
                + ":" + a.getPort());
    }

    @Override
    public List<DataPath> dataPaths() {
        return List.of(dataPath(portOffset));
    }

    /** hub-mailbox-delivery as this listener carries it: LMTP on 24, Kerberos, TLS. */
    public static DataPath dataPath(int portOffset) {
        return SmtpListenerKind.dataPath(ReferencePath.HUB_MAILBOX_DELIVERY, List.of(SmtpListenerKind.LMTP), portOffset,
                List.of(AuthMethod.KERBEROS), List.of(AuthMethod.KERBEROS));
    }

    @Override
    public synchronized void close() {
        if (listener != null) {
            listener.close();
            listener = null;
        }
    }
}

package org.postern.transport.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.security.sasl.SaslException;
import org.postern.auth.GssapiInitiator;
import org.postern.auth.GssapiMechanism;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.SmtpExtension;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.delivery.DeliveryResult;
import org.postern.transport.delivery.LocalDelivery;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery to a mailbox server in another process by LMTP (RFC 2033; reference row
 * hub-mailbox-delivery): LHLO, STARTTLS (required — never plain text), AUTH GSSAPI as this hub's
 * {@code host/} principal for the mailbox server's {@code smtp/} service (named by the configured
 * host, or by its LHLO reply when that is an address), then one transaction with a reply per
 * recipient. The queue id goes as ENVID (RFC 3461): with the recipient it is the store's
 * delivery key on the mailbox side, so a delivery repeated after a lost reply or a crash is
 * stored once. 2xx delivered, 5xx permanent, anything else (4xx, no TLS, no ticket, connection
 * lost) temporary.
 *
 * <p>An authenticated connection is kept for the next message (the relay's {@link ConnectionCache}: RSET
 * before each reuse, closed after the idle time or its maximum of messages), one per delivery
 * under way, so concurrent queue runners each reuse their own. A kept connection that fails or
 * that the server closes ({@code 421}) is dropped and the message goes again on a fresh one:
 * the same ENVID makes the repeat store nothing twice (ADR 0015).
 */
public final class LmtpDelivery implements LocalDelivery, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LmtpDelivery.class);

    private final NextHop server;
    private final String heloName;
    private final ClientTls tls;
    private final Optional<GssapiInitiator> kerberos;
    private final TrackingLog tracking;
    private final Clock clock;
    private final ClientTimeouts timeouts;
    private final ConnectionCache cache;

    /** The one destination: every kept connection goes to the mailbox server, as this hub. */
    private static final String CACHE_KEY = "lmtp";

    /**
     * @param server   the mailbox server's LMTP host and port
     * @param heloName this hub's name, in LHLO
     * @param kerberos this hub's {@code host/} principal and keytab; without it every delivery is deferred
     */
    public LmtpDelivery(NextHop server, String heloName, Optional<GssapiInitiator> kerberos, TrackingLog tracking)
            throws IOException {
        this(server, heloName, kerberos, tracking, ClientTimeouts.RFC_5321, RelaySettings.IDLE_CONNECTION_TIME,
                RelaySettings.MAX_MESSAGES_PER_CONNECTION);
    }

    /**
     * @param idleConnectionTime       how long a connection waits for the next message
     * @param maxMessagesPerConnection after this many transactions a connection is closed
     */
    public LmtpDelivery(NextHop server, String heloName, Optional<GssapiInitiator> kerberos, TrackingLog tracking,
                        ClientTimeouts timeouts, Duration idleConnectionTime, int maxMessagesPerConnection) throws IOException {
        this.server = server;
        this.heloName = heloName;
        this.tls = ClientTls.create(Optional.empty());
        this.kerberos = kerberos;
        this.tracking = tracking;
        this.clock = Clock.systemUTC();
        this.timeouts = timeouts;
        this.cache = new ConnectionCache(idleConnectionTime, maxMessagesPerConnection, clock);
    }

    /** hub-mailbox-delivery as this delivery carries it: LMTP to the server's port, Kerberos inside TLS. */
    public DataPath dataPath() {
        return dataPath(server.port());
    }

    public static DataPath dataPath(int serverPort) {
        return new DataPath(ReferencePath.HUB_MAILBOX_DELIVERY, "lmtp", Carrier.NETWORK, List.of(Port.tcp(24, serverPort - 24)),
                List.of(AuthMethod.KERBEROS), List.of(AuthMethod.KERBEROS), Encryption.TLS, true);
    }

    @Override
    public List<DeliveryResult> deliver(QueuedMessage message, List<RecipientState> recipients, TransportQueue queue,
                                        String messageId) {
        for (Optional<SmtpClient> kept = cache.takeReady(CACHE_KEY); kept.isPresent(); kept = cache.takeReady(CACHE_KEY)) {
            SmtpClient c = kept.get();
            try {
                List<SmtpClient.RecipientReply> replies = transaction(c, message, recipients, queue);
                if (!closing(replies)) {
                    cache.give(CACHE_KEY, c);
                    return results(c, message, recipients, replies, messageId);
                }
                LOG.info("LMTP connection {} closed by the mailbox server; {} goes on a fresh one", c.peer(), message.id());
            } catch (IOException e) {
                // the mailbox server went away (restart, its idle timeout) between two messages, or during this one:
                // the repeat on a fresh connection carries the same ENVID, so a copy already stored is not stored again
                LOG.info("LMTP connection {} lost ({}); {} goes on a fresh one", c.peer(), e.getMessage(), message.id());
            }
            c.close();
        }
        InetAddress address;
        try {
            address = InetAddress.getAllByName(server.host())[0];
        } catch (IOException e) {
            return all(recipients, "451 4.4.3 Cannot resolve the mailbox server " + server.host());
        }
        SmtpClient c;
        try {
            c = SmtpClient.connect(server, address, timeouts);
        } catch (IOException e) {
            return all(recipients, "451 4.4.1 Cannot connect to the mailbox server " + server + ": " + e.getMessage());
        }
        try {
            Optional<String> refused = open(c);
            if (refused.isPresent()) {
                c.quit();
                LOG.info("LMTP delivery of {}: {}", message.id(), refused.get());
                return all(recipients, refused.get());
            }
            List<SmtpClient.RecipientReply> replies = transaction(c, message, recipients, queue);
            if (closing(replies)) {
                c.close();
            } else {
                cache.give(CACHE_KEY, c);
            }
            return results(c, message, recipients, replies, messageId);
        } catch (IOException | RuntimeException e) {
            c.close();
            LOG.info("LMTP delivery of {} to {} failed: {}", message.id(), server, e.toString());
            return all(recipients, "451 4.4.2 LMTP with the mailbox server " + server + " failed: " + e.getMessage());
        }
    }

    /** One transaction on an authenticated session; the queue id as ENVID. */
    private static List<SmtpClient.RecipientReply> transaction(SmtpClient c, QueuedMessage message,
                                                               List<RecipientState> recipients, TransportQueue queue)
            throws IOException {
        MailParameters params = new MailParameters(
                c.supports(SmtpExtension.SIZE) ? OptionalLong.of(message.contentSize()) : OptionalLong.empty(),
                message.envelope().parameters().body().filter(b -> c.supports(SmtpExtension.EIGHTBITMIME)),
                message.envelope().parameters().smtpUtf8() && c.supports(SmtpExtension.SMTPUTF8),
                Optional.empty(), Optional.of(message.id().toString()), Optional.empty());
        List<ForwardPath> paths = recipients.stream().map(RecipientState::address).toList();
        List<RcptParameters> none = recipients.stream().map(r -> RcptParameters.NONE).toList();
        return c.transaction(message.envelope().reversePath(), params, paths, none, () -> queue.openContent(message.id()),
                message.contentSize(), false);
    }

    /** A {@code 421} anywhere: the server closes the connection (RFC 5321 section 3.8); it is not used again. */
    private static boolean closing(List<SmtpClient.RecipientReply> replies) {
        return replies.stream().anyMatch(r -> r.reply().code().value() == 421);
    }

    /** Each recipient's reply as its result (2xx delivered, 5xx permanent, else deferred); a SEND event for the delivered. */
    private List<DeliveryResult> results(SmtpClient c, QueuedMessage message, List<RecipientState> recipients,
                                         List<SmtpClient.RecipientReply> replies, String messageId) {
        List<DeliveryResult> results = new ArrayList<>(recipients.size());
        List<String> delivered = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            SmtpReply reply = replies.get(i).reply();
            String text = oneLine(reply) + " (LMTP " + c.peer() + ", " + replies.get(i).stage() + ")";
            if (reply.code().isPositive()) {
                results.add(DeliveryResult.delivered(recipients.get(i), text));
                delivered.add(recipients.get(i).address().toString());
            } else if (reply.code().value() >= 500) {
                results.add(DeliveryResult.permanent(recipients.get(i), text));
            } else {
                results.add(DeliveryResult.temporary(recipients.get(i), text));
            }
        }
        if (!delivered.isEmpty()) {
            tracking.record(new TrackingEvent(clock.instant(), TrackingEventType.SEND, messageId,
                    Optional.of(message.id().toString()), message.envelope().reversePath().toString(), delivered, "hub",
                    "LMTP " + c.peer(), c.tlsDescription().orElse("no TLS")));
        }
        return results;
    }

    /** Says QUIT on every idle connection. */
    @Override
    public void close() {
        cache.close();
    }

    /** Greeting, LHLO, STARTTLS and AUTH GSSAPI; the reason (a temporary reply) when the session cannot be had. */
    private Optional<String> open(SmtpClient c) throws IOException {
        SmtpReply greeting = c.greeting();
        if (!greeting.code().isPositive()) {
            return Optional.of("451 4.4.2 Mailbox server " + c.peer() + " greeted with " + oneLine(greeting));
        }
        if (!c.lhlo(heloName).code().isPositive()) {
            return Optional.of("451 4.4.2 Mailbox server " + c.peer() + " refused LHLO");
        }
        if (!c.supports(SmtpExtension.STARTTLS) || c.startTls().code().value() != 220) {
            return Optional.of("451 4.7.5 Mailbox server " + c.peer() + " offers no STARTTLS; LMTP goes only under TLS");
        }
        c.upgrade(tls, TlsPolicy.OPPORTUNISTIC); // the server is proven by Kerberos below (ADR 0015)
        SmtpReply hello = c.lhlo(heloName);
        if (!hello.code().isPositive()) {
            return Optional.of("451 4.4.2 Mailbox server " + c.peer() + " refused LHLO after STARTTLS");
        }
        if (kerberos.isEmpty()) {
            return Optional.of("451 4.7.0 This hub has no Kerberos keys to authenticate to the mailbox server");
        }
        if (!c.ehlo().map(e -> e.authMechanisms().contains(GssapiMechanism.NAME)).orElse(false)) {
            return Optional.of("451 4.7.4 Mailbox server " + c.peer() + " does not offer AUTH GSSAPI");
        }
        String name = c.kerberosHostName();
        SmtpReply auth;
        try (GssapiInitiator.Exchange exchange = kerberos.get().start("smtp", name)) {
            auth = c.authGssapi(exchange);
        } catch (SaslException e) {
            return Optional.of("451 4.7.0 Kerberos to the mailbox server " + c.peer() + " (smtp/" + name + ") failed: "
                    + e.getMessage());
        }
        if (auth.code().value() != 235) {
            return Optional.of("451 4.7.8 Mailbox server " + c.peer() + " refused " + kerberos.get().principal() + ": "
                    + oneLine(auth));
        }
        return Optional.empty();
    }

    private static String oneLine(SmtpReply reply) {
        return reply.toString().replace("\r\n", " ").strip();
    }

    private static List<DeliveryResult> all(List<RecipientState> recipients, String reply) {
        return recipients.stream().map(r -> DeliveryResult.temporary(r, reply)).toList();
    }
}

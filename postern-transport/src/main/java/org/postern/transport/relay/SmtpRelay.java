package org.postern.transport.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.security.sasl.SaslException;
import org.postern.auth.GssapiInitiator;
import org.postern.auth.GssapiMechanism;
import org.postern.core.config.TransportConfig;
import org.postern.core.datapath.AuthMethod;
import org.postern.core.datapath.Carrier;
import org.postern.core.datapath.DataPath;
import org.postern.core.datapath.Encryption;
import org.postern.core.datapath.Port;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.BodyType;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.SmtpExtension;
import org.postern.protocols.smtp.SmtpReply;
import org.postern.transport.delivery.DeliveryResult;
import org.postern.transport.delivery.RemoteDelivery;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's SMTP client (reference: Send connector): relays a message to the next hop of its
 * destination domain — a configured route, else the smart host, else the domain's mail
 * exchangers (RFC 5321 section 5.1, {@link MxResolver}) — and reports each recipient.
 *
 * <ul>
 *   <li>Hosts are tried in order until one takes the transaction; connection failures, bad
 *       greetings and (under {@link TlsPolicy#REQUIRE}) missing or failed TLS move on to the
 *       next, and leave the recipients deferred when none is left.</li>
 *   <li>STARTTLS whenever offered (RFC 3207); under {@code REQUIRE} no TLS means {@code 4.7.5},
 *       never plain text; under opportunistic a failed handshake is retried in plain text.</li>
 *   <li>AUTH PLAIN to the smart host, only over TLS (RFC 4954 section 4).</li>
 *   <li>The server's extensions decide the parameters: SIZE (RFC 1870, and a message larger
 *       than its limit fails {@code 5.3.4}), BODY (RFC 6152), SMTPUTF8 (RFC 6531; a server
 *       without it fails such a message {@code 5.6.7}), BINARYMIME by BDAT (RFC 3030), and
 *       RET, ENVID, NOTIFY, ORCPT only when it offers DSN (RFC 3461).</li>
 *   <li>Each recipient's result follows its own reply: 2xx delivered, 5xx permanent, 4xx and
 *       every connection problem or timeout temporary.</li>
 *   <li>A next hop that greets with our own name is us: {@code 554 5.4.6}, a mail loop
 *       (RFC 5321 section 6.3), not a retry.</li>
 *   <li>A connection that finished cleanly waits in a {@link ConnectionCache} for the next
 *       message to the same destination, which RSETs and reuses it.</li>
 * </ul>
 * Every delivered transaction is a SEND event in message tracking.
 */
public final class SmtpRelay implements RemoteDelivery, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpRelay.class);

    private final RelaySettings settings;
    private final MxResolver resolver;
    private final ClientTls tls;
    private final TrackingLog tracking;
    private final Clock clock;
    private final ConnectionCache cache;
    private final Optional<GssapiInitiator> kerberos;

    SmtpRelay(RelaySettings settings, MxResolver resolver, ClientTls tls, TrackingLog tracking, Clock clock) {
        this(settings, resolver, tls, tracking, clock, Optional.empty());
    }

    SmtpRelay(RelaySettings settings, MxResolver resolver, ClientTls tls, TrackingLog tracking, Clock clock,
              Optional<GssapiInitiator> kerberos) {
        this.kerberos = kerberos;
        this.settings = settings;
        this.resolver = resolver;
        this.tls = tls;
        this.tracking = tracking;
        this.clock = clock;
        this.cache = new ConnectionCache(settings.idleConnectionTime(), settings.maxMessagesPerConnection(), clock);
    }

    /**
     * A relay with these settings.
     *
     * @param resolver     empty: dnsjava against {@link RelaySettings#dnsServers()} (the system's when none)
     * @param trustAnchors extra trust anchors (PEM) for {@link TlsPolicy#REQUIRE}
     */
    public static SmtpRelay create(RelaySettings settings, Optional<MxResolver> resolver, Optional<Path> trustAnchors,
                                   TrackingLog tracking) throws IOException {
        return create(settings, resolver, trustAnchors, tracking, Optional.empty());
    }

    /**
     * A relay that authenticates to peer hubs ({@link RelaySettings#peerHubs()}) with Kerberos.
     *
     * @param kerberos this server's {@code host/} principal and keytab; without it a peer hub is deferred
     */
    public static SmtpRelay create(RelaySettings settings, Optional<MxResolver> resolver, Optional<Path> trustAnchors,
                                   TrackingLog tracking, Optional<GssapiInitiator> kerberos) throws IOException {
        MxResolver mx = resolver.isPresent() ? resolver.get()
                : DnsMxResolver.forServers(settings.dnsServers(), Duration.ofSeconds(10));
        return new SmtpRelay(settings, mx, ClientTls.create(trustAnchors), tracking, Clock.systemUTC(), kerberos);
    }

    /** The relay the configuration asks for; empty when outbound mail is off ({@code transport.outbound: none}). */
    public static Optional<SmtpRelay> fromConfig(TransportConfig config, Path dataFolder, String hostname,
                                                 TrackingLog tracking) throws IOException {
        return fromConfig(config, dataFolder, hostname, tracking, Optional.empty());
    }

    /** The same, with the Kerberos identity peer hubs are reached with. */
    public static Optional<SmtpRelay> fromConfig(TransportConfig config, Path dataFolder, String hostname,
                                                 TrackingLog tracking, Optional<GssapiInitiator> kerberos) throws IOException {
        if (config.outboundMode() == TransportConfig.Outbound.NONE) {
            return Optional.empty();
        }
        RelaySettings settings = RelaySettings.from(config, dataFolder, hostname);
        return Optional.of(create(settings, Optional.empty(), config.trustedCertificatesFile().map(dataFolder::resolve),
                tracking, kerberos));
    }

    /**
     * The hub-hub data path this relay carries when it has peer hubs (reference row hub-hub): SMTP to
     * each peer's port, Kerberos (AUTH GSSAPI as the {@code host/} principal) inside TLS, which is
     * required. Empty without peer hubs.
     */
    public Optional<DataPath> hubToHubPath() {
        return hubToHubPath(settings.peerHubPorts());
    }

    /** The same, from the configuration alone (postern datapaths without a running relay). */
    public static Optional<DataPath> hubToHubPath(TransportConfig config) {
        List<Integer> ports = new ArrayList<>();
        if (config.outboundMode() == TransportConfig.Outbound.NONE) {
            return Optional.empty();
        }
        if (config.outboundMode() == TransportConfig.Outbound.SMART_HOST && config.smartHost().kerberos()) {
            ports.add(config.smartHost().port());
        }
        config.routes().stream().filter(TransportConfig.Route::kerberos).forEach(r -> ports.add(r.port()));
        return hubToHubPath(ports);
    }

    private static Optional<DataPath> hubToHubPath(List<Integer> peerPorts) {
        if (peerPorts.isEmpty()) {
            return Optional.empty();
        }
        List<Port> ports = peerPorts.stream().distinct().sorted().map(p -> Port.tcp(25, p - 25)).toList();
        return Optional.of(new DataPath(ReferencePath.HUB_HUB, "smtp (relay to peer hubs)", Carrier.NETWORK, ports,
                List.of(AuthMethod.KERBEROS), List.of(AuthMethod.KERBEROS), Encryption.TLS, true));
    }

    /** Where a domain's mail goes: hosts to try under one cache key, or a failure for every recipient. */
    private sealed interface Plan {
        /** @param peerHub the next hop is a hub of this organisation (STARTTLS, then AUTH GSSAPI) */
        record Hosts(String key, List<MxResolver.Exchanger> hosts, boolean smartHost, boolean peerHub) implements Plan {
        }

        record Fail(DeliveryResult.Kind kind, String reply) implements Plan {
        }
    }

    private Plan plan(String domain) {
        NextHop route = settings.routes().get(domain);
        if (route != null) {
            boolean peer = settings.isPeerHubRoute(domain);
            return fixed((peer ? "peer-hub:" : "route:") + route, route, false, peer);
        }
        if (settings.smartHost().isPresent()) {
            NextHop hop = settings.smartHost().get();
            boolean peer = settings.isPeerHubSmartHost();
            return fixed((peer ? "peer-hub:" : "smarthost:") + hop, hop, true, peer);
        }
        if (domain.startsWith("[") && domain.endsWith("]")) {
            String literal = domain.substring(1, domain.length() - 1);
            literal = literal.regionMatches(true, 0, "IPv6:", 0, 5) ? literal.substring(5) : literal;
            return fixed("literal:" + literal, new NextHop(literal, settings.mxPort()), false, false);
        }
        return switch (resolver.resolve(domain, settings.mxPort())) {
            case MxResolver.Exchangers e -> new Plan.Hosts("mx:" + domain, e.hosts(), false, false);
            case MxResolver.Failure f -> new Plan.Fail(f.kind(), f.reply());
        };
    }

    private static Plan fixed(String key, NextHop hop, boolean smartHost, boolean peerHub) {
        try {
            List<InetAddress> addresses = List.of(InetAddress.getAllByName(hop.host()));
            return new Plan.Hosts(key, List.of(new MxResolver.Exchanger(hop, addresses)), smartHost, peerHub);
        } catch (UnknownHostException e) {
            return new Plan.Fail(DeliveryResult.Kind.TEMPORARY, "451 4.4.3 Cannot resolve the next hop " + hop.host());
        }
    }

    @Override
    public List<DeliveryResult> deliver(QueuedMessage message, String domain, List<RecipientState> recipients,
                                        TransportQueue queue, String messageId) {
        TlsPolicy policy = settings.tlsPolicy(domain);
        Plan plan = plan(domain);
        if (plan instanceof Plan.Fail f) {
            return all(recipients, f.kind(), f.reply());
        }
        Plan.Hosts hosts = (Plan.Hosts) plan;
        String key = hosts.key() + "|" + policy;
        SmtpClient.ContentSource content = () -> queue.openContent(message.id());
        Optional<SmtpClient> kept = cache.takeReady(key);
        if (kept.isPresent()) {
            return transact(kept.get(), key, message, recipients, messageId, content);
        }
        String lastFailure = "451 4.4.1 No answer from any host for " + domain;
        for (MxResolver.Exchanger exchanger : hosts.hosts()) {
            for (InetAddress address : exchanger.addresses()) {
                Opened opened = open(exchanger.hop(), address, policy, domain, hosts.smartHost(), hosts.peerHub(), true);
                switch (opened) {
                    case Opened.Session s -> {
                        return transact(s.client(), key, message, recipients, messageId, content);
                    }
                    case Opened.HopFailed f -> {
                        LOG.info("relay of {} to {}: {}", message.id(), domain, f.reply());
                        lastFailure = f.reply();
                    }
                    case Opened.Refused r -> {
                        LOG.warn("relay of {} to {}: {}", message.id(), domain, r.reply());
                        return all(recipients, DeliveryResult.Kind.PERMANENT, r.reply());
                    }
                }
            }
        }
        return all(recipients, DeliveryResult.Kind.TEMPORARY, lastFailure);
    }

    private sealed interface Opened {
        record Session(SmtpClient client) implements Opened {
        }

        /** This host cannot take the message now; the next one is tried. */
        record HopFailed(String reply) implements Opened {
        }

        /** No host will: the recipients fail at once (a mail loop). */
        record Refused(String reply) implements Opened {
        }
    }

    /** Connects, greets, says EHLO, negotiates TLS as the policy says, and authenticates to a smart host. */
    private Opened open(NextHop hop, InetAddress address, TlsPolicy policy, String domain, boolean smartHost, boolean peerHub,
                        boolean tryTls) {
        SmtpClient c;
        try {
            c = SmtpClient.connect(hop, address, settings.timeouts());
        } catch (IOException e) {
            return new Opened.HopFailed("451 4.4.1 Cannot connect to " + hop.host() + "[" + address.getHostAddress() + "]:"
                    + hop.port() + ": " + e.getMessage());
        }
        try {
            SmtpReply greeting = c.greeting();
            if (!greeting.code().isPositive()) {
                c.quit();
                return new Opened.HopFailed(describe(greeting, c.peer(), "the greeting"));
            }
            SmtpReply hello = c.hello(settings.heloName());
            if (!hello.code().isPositive()) {
                c.quit();
                return new Opened.HopFailed(describe(hello, c.peer(), "EHLO"));
            }
            if (c.ehlo().map(e -> e.serverName().equalsIgnoreCase(settings.heloName())).orElse(false)) {
                // The next hop calls itself by our name: it is us (an MX or route pointing back), as Postfix checks it.
                c.quit();
                return new Opened.Refused("554 5.4.6 Mail for " + domain + " loops back to myself (" + c.peer() + ")");
            }
            if (tryTls && c.supports(SmtpExtension.STARTTLS)) {
                SmtpReply start = c.startTls();
                if (start.code().value() == 220) {
                    try {
                        c.upgrade(tls, policy);
                    } catch (IOException e) {
                        c.close();
                        if (policy == TlsPolicy.REQUIRE || peerHub) {
                            return new Opened.HopFailed("451 4.7.5 TLS with " + c.peer() + " failed and TLS is required for "
                                    + domain + ": " + e.getMessage());
                        }
                        LOG.info("TLS with {} failed ({}); trying again in plain text", c.peer(), e.getMessage());
                        return open(hop, address, policy, domain, smartHost, peerHub, false);
                    }
                    hello = c.hello(settings.heloName());
                    if (!hello.code().isPositive()) {
                        c.quit();
                        return new Opened.HopFailed(describe(hello, c.peer(), "EHLO after STARTTLS"));
                    }
                } else if (policy == TlsPolicy.REQUIRE) {
                    c.quit();
                    return new Opened.HopFailed("451 4.7.5 " + c.peer() + " refused STARTTLS and TLS is required for "
                            + domain + ": " + start.toString().replace("\r\n", " "));
                }
            } else if (policy == TlsPolicy.REQUIRE) {
                c.quit();
                return new Opened.HopFailed("451 4.7.5 TLS is required for " + domain + " but " + c.peer()
                        + " does not offer STARTTLS");
            }
            if (peerHub) {
                Optional<Opened> refused = authenticatePeerHub(c);
                if (refused.isPresent()) {
                    c.quit();
                    return refused.get();
                }
                return new Opened.Session(c);
            }
            if (smartHost && settings.credentials().isPresent()) {
                Optional<Opened> refused = authenticate(c, settings.credentials().get());
                if (refused.isPresent()) {
                    c.quit();
                    return refused.get();
                }
            }
            return new Opened.Session(c);
        } catch (IOException e) {
            c.close();
            return new Opened.HopFailed("451 4.4.2 " + c.peer() + ": " + e.getMessage());
        }
    }

    /**
     * A peer hub of the organisation (ADR 0015): only under TLS, AUTH GSSAPI as this server's
     * {@code host/} principal for the peer's {@code smtp/} service — named by the configured host,
     * or, when that is an address, by the name the peer gives itself in its EHLO reply (Kerberos
     * then proves that name: only the holder of its key can accept the ticket). Anything short of
     * a {@code 235} defers the mail: a peer hub that does not know us would treat us as the
     * Internet and refuse to relay.
     */
    private Optional<Opened> authenticatePeerHub(SmtpClient c) throws IOException {
        if (!c.isTls()) {
            return Optional.of(new Opened.HopFailed("451 4.7.5 " + c.peer() + " is a peer hub and TLS is required to reach it,"
                    + " but it does not offer STARTTLS"));
        }
        if (kerberos.isEmpty()) {
            return Optional.of(new Opened.HopFailed("451 4.7.0 " + c.peer() + " is a peer hub but this server has no Kerberos keys"));
        }
        if (!c.ehlo().map(e -> e.authMechanisms().contains(GssapiMechanism.NAME)).orElse(false)) {
            return Optional.of(new Opened.HopFailed("451 4.7.4 Peer hub " + c.peer() + " does not offer AUTH GSSAPI"));
        }
        String name = c.kerberosHostName();
        SmtpReply reply;
        try (GssapiInitiator.Exchange exchange = kerberos.get().start("smtp", name)) {
            reply = c.authGssapi(exchange);
        } catch (SaslException e) {
            return Optional.of(new Opened.HopFailed("451 4.7.0 Kerberos to peer hub " + c.peer() + " (smtp/" + name + ") failed: "
                    + e.getMessage()));
        }
        if (reply.code().value() != 235) {
            return Optional.of(new Opened.HopFailed("451 4.7.8 Peer hub " + c.peer() + " refused " + kerberos.get().principal()
                    + ": " + describe(reply, c.peer(), "AUTH GSSAPI")));
        }
        LOG.info("authenticated to peer hub {} as {} (smtp/{})", c.peer(), kerberos.get().principal(), name);
        return Optional.empty();
    }

    private Optional<Opened> authenticate(SmtpClient c, RelaySettings.Credentials credentials) throws IOException {
        if (!c.isTls()) {
            return Optional.of(new Opened.HopFailed("451 4.7.5 Not sending credentials to " + c.peer()
                    + " without TLS, and it does not offer STARTTLS"));
        }
        if (!c.ehlo().map(e -> e.authMechanisms().contains("PLAIN")).orElse(false)) {
            return Optional.of(new Opened.HopFailed("451 4.7.4 " + c.peer() + " does not offer AUTH PLAIN"));
        }
        SmtpReply reply = c.authPlain(credentials.user(), credentials.password());
        if (reply.code().value() != 235) {
            return Optional.of(new Opened.HopFailed("451 4.7.8 " + c.peer() + " refused the smart host credentials: "
                    + describe(reply, c.peer(), "AUTH")));
        }
        return Optional.empty();
    }

    /** One transaction on an open connection; the connection goes back to the cache when it ran its course. */
    private List<DeliveryResult> transact(SmtpClient c, String key, QueuedMessage message, List<RecipientState> recipients,
                                          String messageId, SmtpClient.ContentSource content) {
        Envelope envelope = message.envelope();
        MailParameters asked = envelope.parameters();
        if (asked.smtpUtf8() && !c.supports(SmtpExtension.SMTPUTF8)) {
            cache.give(key, c);
            return all(recipients, DeliveryResult.Kind.PERMANENT, "550 5.6.7 " + c.peer()
                    + " does not support SMTPUTF8, which this message needs");
        }
        boolean binary = asked.body().filter(b -> b == BodyType.BINARY_MIME).isPresent();
        if (binary && !(c.supports(SmtpExtension.CHUNKING) && c.supports(SmtpExtension.BINARYMIME))) {
            cache.give(key, c);
            return all(recipients, DeliveryResult.Kind.PERMANENT, "554 5.6.3 " + c.peer()
                    + " does not accept BINARYMIME, which this message needs");
        }
        OptionalLong limit = c.ehlo().map(e -> e.maxSize()).orElse(OptionalLong.empty());
        if (limit.isPresent() && limit.getAsLong() > 0 && message.contentSize() > limit.getAsLong()) {
            cache.give(key, c);
            return all(recipients, DeliveryResult.Kind.PERMANENT, "552 5.3.4 Message too big for " + c.peer() + " ("
                    + message.contentSize() + " octets, it takes " + limit.getAsLong() + ")");
        }
        boolean dsn = c.supports(SmtpExtension.DSN);
        Optional<BodyType> body = binary ? asked.body()
                : asked.body().filter(b -> c.supports(SmtpExtension.EIGHTBITMIME));
        MailParameters params = new MailParameters(
                c.supports(SmtpExtension.SIZE) ? OptionalLong.of(message.contentSize()) : OptionalLong.empty(), body,
                asked.smtpUtf8(), dsn ? asked.ret() : Optional.empty(), dsn ? asked.envId() : Optional.empty(),
                Optional.empty());
        List<ForwardPath> paths = recipients.stream().map(RecipientState::address).toList();
        List<RcptParameters> rcptParams = recipients.stream().map(r -> dsn ? r.dsn() : RcptParameters.NONE).toList();
        List<SmtpClient.RecipientReply> replies;
        try {
            replies = c.transaction(envelope.reversePath(), params, paths, rcptParams, content, message.contentSize(), binary);
        } catch (IOException e) {
            c.close();
            LOG.info("relay of {} to {}: connection lost: {}", message.id(), c.peer(), e.getMessage());
            return all(recipients, DeliveryResult.Kind.TEMPORARY, "451 4.4.2 Connection to " + c.peer() + " lost: "
                    + e.getMessage());
        }
        cache.give(key, c);
        List<DeliveryResult> results = new ArrayList<>(recipients.size());
        List<String> delivered = new ArrayList<>();
        String deliveredReply = "";
        for (int i = 0; i < recipients.size(); i++) {
            SmtpClient.RecipientReply r = replies.get(i);
            String text = describe(r.reply(), c.peer(), r.stage());
            DeliveryResult.Kind kind = kind(r.reply());
            results.add(new DeliveryResult(recipients.get(i), kind, text));
            if (kind == DeliveryResult.Kind.DELIVERED) {
                delivered.add(recipients.get(i).address().toString());
                deliveredReply = text;
            }
        }
        if (!delivered.isEmpty()) {
            tracking.record(new TrackingEvent(clock.instant(), TrackingEventType.SEND, messageId,
                    Optional.of(message.id().toString()), envelope.reversePath().toString(), delivered, "hub", c.peer(),
                    deliveredReply + c.tlsDescription().map(t -> " TLS " + t).orElse(" no TLS")));
        }
        return results;
    }

    static DeliveryResult.Kind kind(SmtpReply reply) {
        int c = reply.code().value();
        return c >= 200 && c < 300 ? DeliveryResult.Kind.DELIVERED
                : c >= 500 ? DeliveryResult.Kind.PERMANENT : DeliveryResult.Kind.TEMPORARY;
    }

    /** A remote reply as a report line: {@code 550 5.1.1 text (host[addr]:port in reply to RCPT TO)}. */
    static String describe(SmtpReply reply, String peer, String stage) {
        int code = reply.code().value();
        String status = reply.status().map(Object::toString).orElse((code / 100) + ".0.0");
        String text = String.join(" ", reply.lines()).strip();
        String s = code + " " + status + " " + text + " (" + peer + " in reply to " + stage + ")";
        return s.length() > 500 ? s.substring(0, 500) : s;
    }

    private static List<DeliveryResult> all(List<RecipientState> recipients, DeliveryResult.Kind kind, String reply) {
        return recipients.stream().map(r -> new DeliveryResult(r, kind, reply)).toList();
    }

    /** Idle connections in the cache (tests). */
    int idleConnections() {
        return cache.size();
    }

    @Override
    public void close() {
        cache.close();
    }
}

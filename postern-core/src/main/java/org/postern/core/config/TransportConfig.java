package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the hub sends mail for domains it does not accept (its SMTP client, the reference's
 * "Send connector") and how long it keeps trying.
 *
 * @param outbound            {@code none} (mail for other domains waits in the queue, deferred, until it
 *                            expires — a hub without a Send connector), {@code mx} (MX look-up, RFC 5321
 *                            section 5.1) or {@code smart_host}; when unset, {@code smart_host} if one is
 *                            configured, else {@code none}
 * @param smartHost           the one host all outbound mail goes through, bypassing MX
 * @param dnsServers          resolvers for MX look-ups as {@code address} or {@code address:port}
 *                            ({@code [v6]:port}); empty means the system's (/etc/resolv.conf)
 * @param tlsPolicies         per destination domain: {@code require} (STARTTLS with a certificate valid for
 *                            the host name, else deferred — never plain text) or {@code opportunistic}
 *                            (the default: STARTTLS when offered, any certificate)
 * @param routes              per destination domain: a fixed next hop that bypasses MX and the smart host
 * @param trustedCertificates a PEM file of extra trust anchors for {@code require}, relative to the data
 *                            folder unless absolute; the JDK's authorities are always trusted
 * @param retry               the retry schedule, expiry and delay notice of the queue
 * @param mailboxServer       the mailbox server a hub without the mailbox role delivers to by LMTP
 *                            (STARTTLS, AUTH GSSAPI as its {@code host/} principal); unset, the hub writes
 *                            the store itself (in one process, or through a shared PostgreSQL)
 * @param hubServer           the hub a mailbox server without the hub role submits to (its own replies,
 *                            such as out-of-office) by SMTP submission with STARTTLS and AUTH GSSAPI as its
 *                            {@code host/} principal; unset, such mail is not sent
 * @param idleConnectionTime  how long a connection that finished its message waits for the next one to the
 *                            same place (relay, LMTP to the mailbox server, submission to the hub) before
 *                            QUIT: {@code 5s} unless set, at most {@code 5m} (a server gives up on an idle
 *                            client after 5 minutes, RFC 5321 section 4.5.3.2.7)
 */
public record TransportConfig(
        @JsonProperty("outbound") String outbound,
        @JsonProperty("smart_host") SmartHost smartHost,
        @JsonProperty("dns_servers") List<String> dnsServers,
        @JsonProperty("tls_policies") List<TlsPolicy> tlsPolicies,
        @JsonProperty("routes") List<Route> routes,
        @JsonProperty("trusted_certificates") String trustedCertificates,
        @JsonProperty("retry") Retry retry,
        @JsonProperty("mailbox_server") MailboxServer mailboxServer,
        @JsonProperty("hub_server") HubServer hubServer,
        @JsonProperty("idle_connection_time") String idleConnectionTime) {

    public enum Outbound { NONE, MX, SMART_HOST }

    /** How long a kept client connection waits for the next message, unless set. */
    public static final Duration IDLE_CONNECTION_TIME = Duration.ofSeconds(5);

    /** The longest wait a kept connection may be given: an SMTP server's own timeout for the next command. */
    private static final Duration LONGEST_IDLE_CONNECTION_TIME = Duration.ofMinutes(5);

    public TransportConfig {
        dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        tlsPolicies = tlsPolicies == null ? List.of() : List.copyOf(tlsPolicies);
        routes = routes == null ? List.of() : List.copyOf(routes);
        retry = retry == null ? Retry.defaults() : retry;
        idleConnectionTime = idleConnectionTime == null ? IDLE_CONNECTION_TIME.toSeconds() + "s" : idleConnectionTime.trim();
        idleConnectionDuration(idleConnectionTime);
        if (outbound == null || outbound.isBlank()) {
            outbound = smartHost != null && smartHost.host() != null ? "smart_host" : "none";
        }
        Outbound mode = parseOutbound(outbound);
        if (mode == Outbound.SMART_HOST && (smartHost == null || smartHost.host() == null || smartHost.host().isBlank())) {
            throw new IllegalArgumentException("transport.outbound smart_host needs transport.smart_host.host");
        }
    }

    public static TransportConfig defaults() {
        return new TransportConfig(null, null, null, null, null, null, null, null, null, null);
    }

    /** {@link #idleConnectionTime} as a duration. */
    public Duration idleConnectionDuration() {
        return idleConnectionDuration(idleConnectionTime);
    }

    private static Duration idleConnectionDuration(String value) {
        Duration d;
        try {
            d = duration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("transport.idle_connection_time: " + e.getMessage(), e);
        }
        if (d.compareTo(LONGEST_IDLE_CONNECTION_TIME) > 0) {
            throw new IllegalArgumentException("transport.idle_connection_time must be at most 5m (an SMTP server closes"
                    + " an idle connection after 5 minutes), not " + value);
        }
        return d;
    }

    public Outbound outboundMode() {
        return parseOutbound(outbound);
    }

    private static Outbound parseOutbound(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "none" -> Outbound.NONE;
            case "mx", "dns" -> Outbound.MX;
            case "smart_host", "smarthost" -> Outbound.SMART_HOST;
            default -> throw new IllegalArgumentException("transport.outbound must be none, mx or smart_host, not " + value);
        };
    }

    public Optional<String> trustedCertificatesFile() {
        return Optional.ofNullable(trustedCertificates).filter(s -> !s.isBlank());
    }

    /**
     * The smart host (RFC 5321 section 3.6.2 calls it a relay).
     *
     * @param host         its name or address; TLS under {@code require} checks the certificate against it
     * @param port         default 25
     * @param user         the SASL user for AUTH PLAIN (RFC 4954), sent only over TLS; none when unset
     * @param passwordFile a file holding that user's password (kept out of this file)
     * @param auth         {@code kerberos}: the smart host is a hub of this organisation — STARTTLS
     *                     required, then AUTH GSSAPI as this server's {@code host/} principal (ADR 0015)
     */
    public record SmartHost(
            @JsonProperty("host") String host,
            @JsonProperty("port") Integer port,
            @JsonProperty("user") String user,
            @JsonProperty("password_file") String passwordFile,
            @JsonProperty("auth") String auth) {
        public SmartHost {
            port = port == null ? 25 : port;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("transport.smart_host.port must be between 1 and 65535");
            }
            if ((user == null) != (passwordFile == null)) {
                throw new IllegalArgumentException("transport.smart_host needs both user and password_file, or neither");
            }
            auth = peerAuth("transport.smart_host", auth);
            if (auth != null && user != null) {
                throw new IllegalArgumentException("transport.smart_host: auth kerberos and user/password_file exclude each other");
            }
        }

        public SmartHost(String host, Integer port, String user, String passwordFile) {
            this(host, port, user, passwordFile, null);
        }

        /** Whether the smart host is a peer hub, reached with Kerberos. */
        public boolean kerberos() {
            return auth != null;
        }
    }

    /** {@code kerberos} or nothing: how a next hop that is a hub of the organisation is authenticated. */
    private static String peerAuth(String where, String auth) {
        if (auth == null || auth.isBlank()) {
            return null;
        }
        String a = auth.trim().toLowerCase(Locale.ROOT);
        if (!a.equals("kerberos")) {
            throw new IllegalArgumentException(where + ": auth must be kerberos, not " + auth);
        }
        return a;
    }

    /** One domain's TLS policy: {@code require} or {@code opportunistic}. */
    public record TlsPolicy(@JsonProperty("domain") String domain, @JsonProperty("tls") String tls) {
        public TlsPolicy {
            if (domain == null || domain.isBlank()) {
                throw new IllegalArgumentException("transport.tls_policies: an entry needs a domain");
            }
            domain = domain.trim().toLowerCase(Locale.ROOT);
            tls = tls == null ? "" : tls.trim().toLowerCase(Locale.ROOT);
            if (!tls.equals("require") && !tls.equals("opportunistic")) {
                throw new IllegalArgumentException("transport.tls_policies: tls of " + domain + " must be require or opportunistic");
            }
        }

        public boolean required() {
            return tls.equals("require");
        }
    }

    /**
     * The LMTP mailbox server (RFC 2033), port 24 unless set; a connection carries at most
     * {@code max_messages_per_connection} messages (100 unless set; 1: a connection per message).
     */
    public record MailboxServer(@JsonProperty("host") String host, @JsonProperty("port") Integer port,
                                @JsonProperty("max_messages_per_connection") Integer maxMessagesPerConnection) {
        public MailboxServer {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("transport.mailbox_server needs a host");
            }
            host = host.trim();
            port = port == null ? 24 : port;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("transport.mailbox_server.port must be between 1 and 65535");
            }
            maxMessagesPerConnection = maxMessagesPerConnection == null ? 100 : maxMessagesPerConnection;
            if (maxMessagesPerConnection < 1) {
                throw new IllegalArgumentException("transport.mailbox_server.max_messages_per_connection must be positive");
            }
        }
    }

    /** The hub's submission port (RFC 6409), 587 unless set. */
    public record HubServer(@JsonProperty("host") String host, @JsonProperty("port") Integer port) {
        public HubServer {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("transport.hub_server needs a host");
            }
            host = host.trim();
            port = port == null ? 587 : port;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("transport.hub_server.port must be between 1 and 65535");
            }
        }
    }

    /**
     * A fixed next hop for one domain.
     *
     * @param auth {@code kerberos}: the host is a hub of this organisation (see {@link SmartHost#auth})
     */
    public record Route(@JsonProperty("domain") String domain, @JsonProperty("host") String host,
                        @JsonProperty("port") Integer port, @JsonProperty("auth") String auth) {
        public Route {
            if (domain == null || domain.isBlank() || host == null || host.isBlank()) {
                throw new IllegalArgumentException("transport.routes: an entry needs a domain and a host");
            }
            domain = domain.trim().toLowerCase(Locale.ROOT);
            port = port == null ? 25 : port;
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("transport.routes: the port of " + domain + " must be between 1 and 65535");
            }
            auth = peerAuth("transport.routes", auth);
        }

        public Route(String domain, String host, Integer port) {
            this(domain, host, port, null);
        }

        /** Whether the route leads to a peer hub, reached with Kerberos. */
        public boolean kerberos() {
            return auth != null;
        }
    }

    /**
     * The retry schedule (RFC 5321 section 4.5.4.1). Durations are written {@code 30s}, {@code 5m},
     * {@code 4h}, {@code 2d}.
     *
     * @param backoff     the waits after the first, second, … failed attempt; the last repeats
     * @param expiry      how long after arrival a deferred recipient fails (4.4.7)
     * @param delayNotice how long after arrival the sender is told of the delay
     */
    public record Retry(@JsonProperty("backoff") List<String> backoff, @JsonProperty("expiry") String expiry,
                        @JsonProperty("delay_notice") String delayNotice) {
        public Retry {
            backoff = backoff == null || backoff.isEmpty() ? List.of("1m", "5m", "15m", "30m", "1h") : List.copyOf(backoff);
            expiry = expiry == null ? "2d" : expiry;
            delayNotice = delayNotice == null ? "4h" : delayNotice;
            backoffDurations(backoff);
            duration(expiry);
            duration(delayNotice);
        }

        public static Retry defaults() {
            return new Retry(null, null, null);
        }

        public List<Duration> backoffDurations() {
            return backoffDurations(backoff);
        }

        public Duration expiryDuration() {
            return duration(expiry);
        }

        public Duration delayNoticeDuration() {
            return duration(delayNotice);
        }

        private static List<Duration> backoffDurations(List<String> values) {
            return values.stream().map(TransportConfig::duration).toList();
        }
    }

    /** Reads {@code 30s}, {@code 5m}, {@code 4h} or {@code 2d} (a positive whole number and a unit). */
    public static Duration duration(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (!t.matches("[0-9]{1,9}[smhd]") || Long.parseLong(t.substring(0, t.length() - 1)) == 0) {
            throw new IllegalArgumentException("not a duration (like 30s, 5m, 4h, 2d): " + text);
        }
        long n = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}

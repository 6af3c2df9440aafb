package org.postern.transport.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.postern.core.config.TransportConfig;

/**
 * The named settings of the hub's SMTP client, resolved once from the configuration.
 *
 * @param heloName                 the name in EHLO (RFC 5321 section 4.1.1.1): the server's host name
 * @param smartHost                when present, every message goes there and MX is not looked up
 * @param credentials              AUTH PLAIN for the smart host (RFC 4954), sent only over TLS
 * @param routes                   per destination domain, a fixed next hop (before the smart host and MX)
 * @param tlsPolicies              per destination domain; others are {@link TlsPolicy#OPPORTUNISTIC}
 * @param dnsServers               resolvers for MX look-ups ({@code host} or {@code host:port}); empty: the system's
 * @param mxPort                   the port of mail exchangers (25; tests point it at a local server)
 * @param timeouts                 per RFC 5321 section 4.5.3.2
 * @param idleConnectionTime       how long an idle connection waits in the cache for the next message
 *                                 ({@code transport.idle_connection_time}, 5 s)
 * @param maxMessagesPerConnection after this many transactions a connection is closed (100)
 * @param peerHubs                 the routes (by domain, and {@link #SMART_HOST} for the smart host) whose next
 *                                 hop is a hub of this organisation: STARTTLS required, then AUTH GSSAPI as this
 *                                 server's {@code host/} principal (ADR 0015)
 */
public record RelaySettings(String heloName, Optional<NextHop> smartHost, Optional<Credentials> credentials,
                            Map<String, NextHop> routes, Map<String, TlsPolicy> tlsPolicies, List<String> dnsServers,
                            int mxPort, ClientTimeouts timeouts, Duration idleConnectionTime,
                            int maxMessagesPerConnection, Set<String> peerHubs) {

    /** How long a connection waits for the next message by default (relay and LMTP delivery alike). */
    public static final Duration IDLE_CONNECTION_TIME = TransportConfig.IDLE_CONNECTION_TIME;

    /** After this many transactions a connection is closed, by default. */
    public static final int MAX_MESSAGES_PER_CONNECTION = 100;

    /** The key of the smart host in {@link #peerHubs()}: no domain can be named so. */
    public static final String SMART_HOST = "(smart host)";

    /** A SASL PLAIN identity (RFC 4616). */
    public record Credentials(String user, String password) {
        public Credentials {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    public RelaySettings {
        Objects.requireNonNull(heloName, "heloName");
        Objects.requireNonNull(smartHost, "smartHost");
        Objects.requireNonNull(credentials, "credentials");
        routes = Map.copyOf(lowerKeys(routes));
        tlsPolicies = Map.copyOf(lowerKeys(tlsPolicies));
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(idleConnectionTime, "idleConnectionTime");
        peerHubs = Set.copyOf(peerHubs.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList());
        if (maxMessagesPerConnection < 1) {
            throw new IllegalArgumentException("maxMessagesPerConnection must be positive");
        }
    }

    /** Direct MX delivery with every default. */
    public static RelaySettings mx(String heloName) {
        return new RelaySettings(heloName, Optional.empty(), Optional.empty(), Map.of(), Map.of(), List.of(), 25,
                ClientTimeouts.RFC_5321, IDLE_CONNECTION_TIME, MAX_MESSAGES_PER_CONNECTION, Set.of());
    }

    /**
     * The settings a configuration asks for; the smart host's password file is read here
     * (relative to {@code dataFolder} unless absolute).
     */
    public static RelaySettings from(TransportConfig config, Path dataFolder, String heloName) throws IOException {
        Optional<NextHop> smartHost = Optional.empty();
        Optional<Credentials> credentials = Optional.empty();
        if (config.outboundMode() == TransportConfig.Outbound.SMART_HOST) {
            TransportConfig.SmartHost s = config.smartHost();
            smartHost = Optional.of(new NextHop(s.host().trim(), s.port()));
            if (s.user() != null) {
                String password = Files.readString(dataFolder.resolve(s.passwordFile()), StandardCharsets.UTF_8).strip();
                credentials = Optional.of(new Credentials(s.user(), password));
            }
        }
        Set<String> peerHubs = new HashSet<>();
        if (smartHost.isPresent() && config.smartHost().kerberos()) {
            peerHubs.add(SMART_HOST);
        }
        Map<String, NextHop> routes = new LinkedHashMap<>();
        for (TransportConfig.Route r : config.routes()) {
            NextHop hop = new NextHop(r.host().trim(), r.port());
            routes.put(r.domain(), hop);
            if (r.kerberos()) {
                peerHubs.add(r.domain());
            }
        }
        Map<String, TlsPolicy> policies = new LinkedHashMap<>();
        config.tlsPolicies().forEach(p -> policies.put(p.domain(), p.required() ? TlsPolicy.REQUIRE : TlsPolicy.OPPORTUNISTIC));
        return new RelaySettings(heloName, smartHost, credentials, routes, policies, config.dnsServers(), 25,
                ClientTimeouts.RFC_5321, config.idleConnectionDuration(), MAX_MESSAGES_PER_CONNECTION, peerHubs);
    }

    /** Whether the route of this domain leads to a hub of this organisation, reached with Kerberos. */
    public boolean isPeerHubRoute(String domain) {
        return peerHubs.contains(domain.toLowerCase(Locale.ROOT));
    }

    /** Whether the smart host is a hub of this organisation, reached with Kerberos. */
    public boolean isPeerHubSmartHost() {
        return peerHubs.contains(SMART_HOST);
    }

    /** The ports of the peer hubs, for the hub-hub data path. */
    public List<Integer> peerHubPorts() {
        List<Integer> ports = new java.util.ArrayList<>();
        if (isPeerHubSmartHost()) {
            smartHost.ifPresent(h -> ports.add(h.port()));
        }
        routes.forEach((domain, hop) -> {
            if (isPeerHubRoute(domain)) {
                ports.add(hop.port());
            }
        });
        return ports;
    }

    /** Marks a route (a domain, or {@link #SMART_HOST}) as leading to a peer hub. */
    public RelaySettings withPeerHub(String route) {
        Set<String> p = new HashSet<>(peerHubs);
        p.add(route.toLowerCase(Locale.ROOT));
        return new RelaySettings(heloName, smartHost, credentials, routes, tlsPolicies, dnsServers, mxPort, timeouts,
                idleConnectionTime, maxMessagesPerConnection, p);
    }

    public TlsPolicy tlsPolicy(String domain) {
        return tlsPolicies.getOrDefault(domain.toLowerCase(Locale.ROOT), TlsPolicy.OPPORTUNISTIC);
    }

    public RelaySettings withSmartHost(NextHop hop) {
        return new RelaySettings(heloName, Optional.of(hop), credentials, routes, tlsPolicies, dnsServers, mxPort, timeouts,
                idleConnectionTime, maxMessagesPerConnection, peerHubs);
    }

    public RelaySettings withCredentials(Credentials c) {
        return new RelaySettings(heloName, smartHost, Optional.of(c), routes, tlsPolicies, dnsServers, mxPort, timeouts,
                idleConnectionTime, maxMessagesPerConnection, peerHubs);
    }

    public RelaySettings withTlsPolicy(String domain, TlsPolicy policy) {
        Map<String, TlsPolicy> p = new LinkedHashMap<>(tlsPolicies);
        p.put(domain, policy);
        return new RelaySettings(heloName, smartHost, credentials, routes, p, dnsServers, mxPort, timeouts,
                idleConnectionTime, maxMessagesPerConnection, peerHubs);
    }

    public RelaySettings withMxPort(int port) {
        return new RelaySettings(heloName, smartHost, credentials, routes, tlsPolicies, dnsServers, port, timeouts,
                idleConnectionTime, maxMessagesPerConnection, peerHubs);
    }

    public RelaySettings withTimeouts(ClientTimeouts t) {
        return new RelaySettings(heloName, smartHost, credentials, routes, tlsPolicies, dnsServers, mxPort, t,
                idleConnectionTime, maxMessagesPerConnection, peerHubs);
    }

    public RelaySettings withIdleConnectionTime(Duration d) {
        return new RelaySettings(heloName, smartHost, credentials, routes, tlsPolicies, dnsServers, mxPort, timeouts, d,
                maxMessagesPerConnection, peerHubs);
    }

    private static <V> Map<String, V> lowerKeys(Map<String, V> map) {
        Map<String, V> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), Objects.requireNonNull(v)));
        return out;
    }
}

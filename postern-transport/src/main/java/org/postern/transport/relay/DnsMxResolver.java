package org.postern.transport.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.transport.delivery.DeliveryResult;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * MX look-up with dnsjava against a configurable resolver (RFC 5321 section 5.1, RFC 7505).
 *
 * <ul>
 *   <li>MX records sorted by preference, equal ones shuffled; each exchanger's addresses from
 *       the additional section or its own A and AAAA queries (IPv4 first).</li>
 *   <li>No MX record: the domain itself is the exchanger (the implicit MX); without an address
 *       either, the domain cannot take mail — {@code 5.1.2}.</li>
 *   <li>A single MX of preference 0 naming the root: null MX, {@code 556 5.1.10}.</li>
 *   <li>NXDOMAIN: {@code 550 5.1.2}. SERVFAIL, REFUSED, timeouts: {@code 451 4.4.3}, tried again.</li>
 * </ul>
 * It asks the server directly and caches nothing, so every attempt sees the zone as it is.
 */
public final class DnsMxResolver implements MxResolver {

    private final Resolver resolver;

    public DnsMxResolver(Resolver resolver) {
        this.resolver = resolver;
    }

    /**
     * A resolver for the configured servers ({@code address}, {@code address:port},
     * {@code [v6]:port}); the system's ({@code /etc/resolv.conf}) when there are none.
     */
    public static DnsMxResolver forServers(List<String> servers, Duration timeout) throws UnknownHostException {
        if (servers.isEmpty()) {
            ExtendedResolver system = new ExtendedResolver();
            system.setTimeout(timeout);
            return new DnsMxResolver(system);
        }
        List<Resolver> resolvers = new ArrayList<>();
        for (String s : servers) {
            SimpleResolver r = new SimpleResolver(socketAddress(s));
            r.setTimeout(timeout);
            resolvers.add(r);
        }
        if (resolvers.size() == 1) {
            return new DnsMxResolver(resolvers.getFirst());
        }
        ExtendedResolver all = new ExtendedResolver(resolvers);
        all.setTimeout(timeout);
        return new DnsMxResolver(all);
    }

    static InetSocketAddress socketAddress(String server) throws UnknownHostException {
        String s = server.trim();
        String host = s;
        int port = 53;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            host = s.substring(1, end);
            if (end + 1 < s.length() && s.charAt(end + 1) == ':') {
                port = Integer.parseInt(s.substring(end + 2));
            }
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
            host = s.substring(0, s.indexOf(':'));
            port = Integer.parseInt(s.substring(s.indexOf(':') + 1));
        }
        return new InetSocketAddress(InetAddress.getByName(host), port);
    }

    @Override
    public Resolution resolve(String domain, int port) {
        Name name;
        try {
            name = Name.fromString(domain.endsWith(".") ? domain : domain + ".");
        } catch (TextParseException e) {
            return new Failure(DeliveryResult.Kind.PERMANENT, "550 5.1.2 Bad destination domain " + domain);
        }
        Message mx;
        try {
            mx = query(name, Type.MX);
        } catch (IOException e) {
            return temporary("looking up MX of " + domain + " failed: " + e.getMessage());
        }
        if (mx.getRcode() == Rcode.NXDOMAIN) {
            return new Failure(DeliveryResult.Kind.PERMANENT, "550 5.1.2 Domain " + domain + " does not exist (DNS NXDOMAIN)");
        }
        if (mx.getRcode() != Rcode.NOERROR) {
            return temporary("DNS " + Rcode.string(mx.getRcode()) + " looking up MX of " + domain);
        }
        List<MXRecord> records = new ArrayList<>();
        for (Record r : mx.getSection(Section.ANSWER)) {
            if (r instanceof MXRecord m) {
                records.add(m);
            }
        }
        if (records.size() == 1 && records.getFirst().getTarget().equals(Name.root)) {
            return new Failure(DeliveryResult.Kind.PERMANENT,
                    "556 5.1.10 Domain " + domain + " accepts no mail (null MX, RFC 7505)");
        }
        records.removeIf(r -> r.getTarget().equals(Name.root));
        boolean implicit = records.isEmpty();
        List<Name> targets = new ArrayList<>();
        if (implicit) {
            targets.add(name);
        } else {
            Map<Integer, List<Name>> byPreference = new java.util.TreeMap<>();
            for (MXRecord r : records) {
                byPreference.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r.getTarget());
            }
            byPreference.values().forEach(equal -> {
                Collections.shuffle(equal);
                equal.stream().filter(t -> !targets.contains(t)).forEach(targets::add);
            });
        }
        Map<Name, List<InetAddress>> additional = additionalAddresses(mx);
        List<Exchanger> hosts = new ArrayList<>();
        String lastProblem = "no address";
        boolean allNoData = true;
        for (Name target : targets) {
            List<InetAddress> addresses = additional.getOrDefault(target, List.of());
            if (addresses.isEmpty()) {
                AddressLookup lookup = addresses(target);
                addresses = lookup.addresses();
                if (lookup.problem().isPresent()) {
                    lastProblem = lookup.problem().get();
                    allNoData = false;
                }
            }
            if (!addresses.isEmpty()) {
                hosts.add(new Exchanger(new NextHop(hostName(target), port), addresses));
            }
        }
        if (hosts.isEmpty()) {
            if (allNoData) {
                return new Failure(DeliveryResult.Kind.PERMANENT, implicit
                        ? "550 5.1.2 Domain " + domain + " has no MX and no address record"
                        : "550 5.1.2 The mail exchangers of " + domain + " have no address records");
            }
            return temporary("no address for the mail exchangers of " + domain + ": " + lastProblem);
        }
        return new Exchangers(hosts);
    }

    private static String hostName(Name name) {
        String s = name.toString(true);
        return s.isEmpty() ? "." : s;
    }

    private static Failure temporary(String text) {
        return new Failure(DeliveryResult.Kind.TEMPORARY, "451 4.4.3 " + text);
    }

    private Message query(Name name, int type) throws IOException {
        return resolver.send(Message.newQuery(Record.newRecord(name, type, DClass.IN)));
    }

    private static Map<Name, List<InetAddress>> additionalAddresses(Message response) {
        Map<Name, List<InetAddress>> out = new LinkedHashMap<>();
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            if (r instanceof ARecord a) {
                out.computeIfAbsent(a.getName(), n -> new ArrayList<>()).add(a.getAddress());
            }
        }
        for (Record r : response.getSection(Section.ADDITIONAL)) {
            if (r instanceof AAAARecord a) {
                out.computeIfAbsent(a.getName(), n -> new ArrayList<>()).add(a.getAddress());
            }
        }
        return out;
    }

    /** The addresses of one host; a problem when a query failed (as opposed to having no data). */
    private record AddressLookup(List<InetAddress> addresses, Optional<String> problem) {
    }

    private AddressLookup addresses(Name host) {
        List<InetAddress> out = new ArrayList<>();
        Optional<String> problem = Optional.empty();
        for (int type : new int[] {Type.A, Type.AAAA}) {
            try {
                Message m = query(host, type);
                if (m.getRcode() == Rcode.NOERROR) {
                    for (Record r : m.getSection(Section.ANSWER)) {
                        if (r instanceof ARecord a) {
                            out.add(a.getAddress());
                        } else if (r instanceof AAAARecord a) {
                            out.add(a.getAddress());
                        }
                    }
                } else if (m.getRcode() != Rcode.NXDOMAIN) {
                    problem = Optional.of("DNS " + Rcode.string(m.getRcode()) + " for " + Type.string(type) + " of " + host);
                }
            } catch (IOException e) {
                problem = Optional.of(Type.string(type) + " of " + host + ": " + e.getMessage());
            }
        }
        return new AddressLookup(out, out.isEmpty() ? problem : Optional.empty());
    }
}

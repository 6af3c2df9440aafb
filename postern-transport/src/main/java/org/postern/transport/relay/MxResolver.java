package org.postern.transport.relay;

import java.net.InetAddress;
import java.util.List;
import org.postern.transport.delivery.DeliveryResult;

/**
 * Where mail for a domain goes (RFC 5321 section 5.1): its mail exchangers by preference,
 * each with its addresses; or why it cannot go anywhere.
 */
public interface MxResolver {

    /** The hosts in the order to try them, or a failure with its reply. Never throws. */
    Resolution resolve(String domain, int port);

    sealed interface Resolution {
    }

    /** A host to try, with its addresses (none when its own look-up failed: skipped). */
    record Exchanger(NextHop hop, List<InetAddress> addresses) {
        public Exchanger {
            addresses = List.copyOf(addresses);
        }
    }

    /** At least one exchanger with at least one address. */
    record Exchangers(List<Exchanger> hosts) implements Resolution {
        public Exchangers {
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * The domain cannot be reached: {@link DeliveryResult.Kind#PERMANENT} (NXDOMAIN {@code 5.1.2},
     * null MX {@code 5.1.10}) or {@link DeliveryResult.Kind#TEMPORARY} (SERVFAIL, timeouts:
     * {@code 4.4.3}).
     */
    record Failure(DeliveryResult.Kind kind, String reply) implements Resolution {
    }
}

package org.postern.clientaccess.pop3;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import org.postern.clientaccess.AccessProtocol;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.net.ConnectionLimits;
import org.postern.protocols.pop3.Pop3Limits;

/**
 * How the POP3 service listens.
 *
 * @param bindAddress where to listen; empty for every address (the wildcard), as a server does
 * @param portOffset  added to 110 and 995 ({@code --port-offset})
 * @param limits      the protocol's bounds (the idle timeout among them)
 * @param connections the listeners' bounds; their idle timeout is taken from {@code limits}
 */
public record Pop3Settings(Optional<InetAddress> bindAddress, int portOffset, Pop3Limits limits, ConnectionLimits connections) {

    /** The reference's ports (RFC 1939 section 3, RFC 8314 section 7.3). */
    public static final int POP3_PORT = 110;
    public static final int POP3S_PORT = 995;
    /** POP3 as the Client Access role listens for it (reference row "pop3"). */
    public static final AccessProtocol PROTOCOL = new AccessProtocol(ReferencePath.POP3, "pop3", "POP3", POP3_PORT,
            "POP3S", POP3S_PORT, "STLS");

    public Pop3Settings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(limits, "limits");
        connections = connections.withIdleTimeout(limits.idleTimeout());
    }

    /** Every address, the default limits. */
    public static Pop3Settings defaults(int portOffset) {
        return new Pop3Settings(Optional.empty(), portOffset, Pop3Limits.DEFAULTS, ConnectionLimits.defaults());
    }
}

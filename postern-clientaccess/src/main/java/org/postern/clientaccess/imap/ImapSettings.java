package org.postern.clientaccess.imap;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.postern.clientaccess.AccessProtocol;
import org.postern.core.datapath.ReferencePath;
import org.postern.core.net.ConnectionLimits;
import org.postern.protocols.imap.ImapLimits;

/**
 * How the IMAP service listens.
 *
 * @param bindAddress    where to listen; empty for every address
 * @param portOffset     added to 143 and 993 ({@code --port-offset})
 * @param limits         the protocol's bounds (the idle timeout among them)
 * @param connections    the listeners' bounds (per source among them); their idle timeout is
 *                       taken from {@code limits}, their session length is a day: IMAP clients
 *                       stay connected
 * @param maxPerUser     sessions one user may have open at once (default 50)
 */
public record ImapSettings(Optional<InetAddress> bindAddress, int portOffset, ImapLimits limits,
                           ConnectionLimits connections, int maxPerUser) {

    /** The reference's ports (RFC 3501 section 2.1, RFC 8314 section 7.3). */
    public static final int IMAP_PORT = 143;
    public static final int IMAPS_PORT = 993;
    /** IMAP4 as the Client Access role listens for it (reference row "imap4"). */
    public static final AccessProtocol PROTOCOL = new AccessProtocol(ReferencePath.IMAP4, "imap", "IMAP", IMAP_PORT,
            "IMAPS", IMAPS_PORT, "STARTTLS");

    public ImapSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(limits, "limits");
        connections = connections.withIdleTimeout(limits.idleTimeout().plusMinutes(1));
        if (maxPerUser < 1) {
            throw new IllegalArgumentException("maxPerUser must be positive");
        }
    }

    public static ImapSettings defaults(int portOffset) {
        return new ImapSettings(Optional.empty(), portOffset, ImapLimits.DEFAULTS,
                ConnectionLimits.defaults().withSessionTimeout(Duration.ofHours(24)), 50);
    }

    /** These settings with sessions waiting in IDLE looking at the store this often ({@code imap.store_poll}). */
    public ImapSettings withStorePoll(Duration poll) {
        return new ImapSettings(bindAddress, portOffset, limits.withFallbackPoll(poll), connections, maxPerUser);
    }

    /** These settings with other connection bounds ({@code imap:} in postern.yaml). */
    public ImapSettings withBounds(int maxConnections, int maxPerSource, int sessionsPerUser) {
        return new ImapSettings(bindAddress, portOffset, limits,
                connections.withMaxConnections(maxConnections).withMaxPerSource(maxPerSource), sessionsPerUser);
    }
}

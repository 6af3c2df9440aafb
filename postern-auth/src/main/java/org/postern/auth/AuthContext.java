package org.postern.auth;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Where an authentication attempt comes from: the protocol, the peer's address, and whether
 * the connection is encrypted. The throttle counts failures by source and by account; the
 * offered mechanisms depend on TLS.
 *
 * @param protocol the protocol's name in logs ({@code smtp}, {@code submission}, {@code imap}, {@code pop3}, …)
 * @param source   the peer's address
 * @param tls      whether TLS is on for this connection
 * @param servers  whether servers of the organisation may authenticate here (SMTP on port 25: a
 *                 peer hub's {@code host/} principal, answered {@link SaslStep.PeerServer}); users only otherwise
 */
public record AuthContext(String protocol, InetAddress source, boolean tls, boolean servers) {
    public AuthContext {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
    }

    /** A context where only users authenticate (submission, IMAP, POP3). */
    public AuthContext(String protocol, InetAddress source, boolean tls) {
        this(protocol, source, tls, false);
    }
}

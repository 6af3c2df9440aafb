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
 */
public record AuthContext(String protocol, InetAddress source, boolean tls) {
    public AuthContext {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(source, "source");
    }
}

package org.postern.transport.relay;

import java.util.Objects;

/**
 * A host the client connects to: a smart host, a configured route, or one mail exchanger of
 * a domain. The name is what a required TLS certificate must match.
 */
public record NextHop(String host, int port) {
    public NextHop {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}

package org.postern.core.net;

import java.time.Duration;

/**
 * How many connections a listener takes, and for how long: the bounds every listener has, each
 * a named setting with a default (STYLE.md, "Every limit is a named setting").
 *
 * @param maxConnections  connections open at once on the listener
 * @param maxPerSource    connections open at once from one source address
 * @param idleTimeout     how long a read may wait for the peer
 * @param sessionTimeout  how long one connection may last in all
 */
public record ConnectionLimits(int maxConnections, int maxPerSource, Duration idleTimeout, Duration sessionTimeout) {

    public ConnectionLimits {
        if (maxConnections < 1 || maxPerSource < 1) {
            throw new IllegalArgumentException("connection limits must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** Defaults for a mail protocol listener: 10,000 connections, 100 per source, 5 min idle, 1 h in all. */
    public static ConnectionLimits defaults() {
        return new ConnectionLimits(10_000, 100, Duration.ofMinutes(5), Duration.ofHours(1));
    }

    public ConnectionLimits withIdleTimeout(Duration idle) {
        return new ConnectionLimits(maxConnections, maxPerSource, idle, sessionTimeout);
    }

    public ConnectionLimits withSessionTimeout(Duration total) {
        return new ConnectionLimits(maxConnections, maxPerSource, idleTimeout, total);
    }

    public ConnectionLimits withMaxConnections(int connections) {
        return new ConnectionLimits(connections, maxPerSource, idleTimeout, sessionTimeout);
    }

    public ConnectionLimits withMaxPerSource(int perSource) {
        return new ConnectionLimits(maxConnections, perSource, idleTimeout, sessionTimeout);
    }
}

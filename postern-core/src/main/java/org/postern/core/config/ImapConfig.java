package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;

/**
 * The IMAP service's connection bounds ({@code imap:} in {@code postern.yaml}); each left out
 * keeps its default. A server for many users behind one address (a proxy, a webmail host) or a
 * load test raises them.
 *
 * @param maxConnections          connections open at once on each IMAP port (default 10,000)
 * @param maxConnectionsPerSource connections open at once from one address (default 100)
 * @param maxSessionsPerUser      sessions one user may have open at once (default 50)
 * @param storePoll               how often a session waiting in IDLE looks at its folder in the
 *                                store itself, for changes made through another server on the same
 *                                store (scaled out on PostgreSQL) or the command line (default
 *                                {@code 30s}); changes made through this server arrive at once
 */
public record ImapConfig(@JsonProperty("max_connections") Integer maxConnections,
                         @JsonProperty("max_connections_per_source") Integer maxConnectionsPerSource,
                         @JsonProperty("max_sessions_per_user") Integer maxSessionsPerUser,
                         @JsonProperty("store_poll") String storePoll) {

    public ImapConfig {
        maxConnections = positive(maxConnections, 10_000, "max_connections");
        maxConnectionsPerSource = positive(maxConnectionsPerSource, 100, "max_connections_per_source");
        maxSessionsPerUser = positive(maxSessionsPerUser, 50, "max_sessions_per_user");
        storePoll = storePoll == null ? "30s" : storePoll;
        storePollDuration(storePoll);
    }

    public ImapConfig(Integer maxConnections, Integer maxConnectionsPerSource, Integer maxSessionsPerUser) {
        this(maxConnections, maxConnectionsPerSource, maxSessionsPerUser, null);
    }

    public static ImapConfig defaults() {
        return new ImapConfig(null, null, null, null);
    }

    /** {@link #storePoll} as a duration. */
    public Duration storePollDuration() {
        return storePollDuration(storePoll);
    }

    private static Duration storePollDuration(String value) {
        try {
            return TransportConfig.duration(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("imap.store_poll: " + e.getMessage(), e);
        }
    }

    private static int positive(Integer value, int fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value < 1) {
            throw new IllegalArgumentException("imap." + name + " must be positive: " + value);
        }
        return value;
    }
}

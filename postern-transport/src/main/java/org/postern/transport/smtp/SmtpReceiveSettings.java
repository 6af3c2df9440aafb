package org.postern.transport.smtp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.postern.core.net.ConnectionLimits;
import org.postern.protocols.smtp.SmtpLimits;

/**
 * Every bound and choice of the SMTP receive side, in one record (style rule 7), resolved once
 * when the service is built. {@link #DEFAULTS} is what a new install runs with.
 *
 * @param limits            the wire and session bounds: line lengths, parameters, message size
 *                          (advertised with SIZE), recipients per message, error and junk
 *                          budgets (default {@link SmtpLimits#DEFAULTS}: 35 MiB, 1000 recipients,
 *                          20 errors, 100 junk commands)
 * @param connections       connections per listener and per source address, idle and total
 *                          time of a connection (default 10,000 / 100 per source / 5 min / 1 h)
 * @param commandTimeout    how long the server waits for the next command (RFC 5321 section
 *                          4.5.3.2.7: at least 5 minutes; default 5 min); on expiry {@code 421 4.4.2}
 * @param dataTimeout       how long the server waits for the next block of DATA or BDAT octets
 *                          (RFC 5321 section 4.5.3.2.5 gives the client 3 minutes per block; the
 *                          server waits longer, default 5 min)
 * @param spoolThreshold    message bodies larger than this go to a temporary file, not memory
 *                          (default 1 MiB, at most {@link #MAX_SPOOL_THRESHOLD})
 * @param spoolDirectory    where those files go; empty for the JVM's temporary folder. Put it on
 *                          the queue's file system so the queue's copy is local.
 * @param maxHops           a message with this many Received headers or more is refused
 *                          ({@code 554 5.4.6}, a mail loop; RFC 5321 section 6.3; default 100)
 * @param reverseDns        whether the client's address is looked up in the DNS for the
 *                          Received header (default true; off gives {@code unknown})
 * @param listeners         which listeners to open (default all three)
 * @param maxCommandsPerMessage commands a session may send without a message being queued,
 *                          counted from its start or its last queued message; past it
 *                          {@code 421 4.7.0} and a close (default 2500: a full transaction of
 *                          1000 recipients, as many refused, and room for the rest)
 */
public record SmtpReceiveSettings(SmtpLimits limits, ConnectionLimits connections, Duration commandTimeout,
                                  Duration dataTimeout, long spoolThreshold, Optional<Path> spoolDirectory,
                                  int maxHops, boolean reverseDns, Set<SmtpListenerKind> listeners,
                                  int maxCommandsPerMessage) {

    public static final SmtpReceiveSettings DEFAULTS = new SmtpReceiveSettings(SmtpLimits.DEFAULTS,
            ConnectionLimits.defaults(), Duration.ofMinutes(5), Duration.ofMinutes(5), 1024 * 1024,
            Optional.empty(), 100, true, EnumSet.of(SmtpListenerKind.MX, SmtpListenerKind.SUBMISSION, SmtpListenerKind.SUBMISSIONS), 2500);

    /** The most a body may hold in memory before it is spooled to a file. */
    public static final long MAX_SPOOL_THRESHOLD = 256L * 1024 * 1024;

    public SmtpReceiveSettings {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(spoolDirectory, "spoolDirectory");
        if (commandTimeout.isNegative() || commandTimeout.isZero() || dataTimeout.isNegative() || dataTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (spoolThreshold < 0 || spoolThreshold > MAX_SPOOL_THRESHOLD || maxHops < 1) {
            throw new IllegalArgumentException("spoolThreshold must be 0 to 256 MiB, maxHops positive");
        }
        if (maxCommandsPerMessage < limits.maxRecipients() + 10) {
            throw new IllegalArgumentException("maxCommandsPerMessage must leave room for a full transaction");
        }
        listeners = listeners.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(listeners));
    }

    public SmtpReceiveSettings withLimits(SmtpLimits value) {
        return new SmtpReceiveSettings(value, connections, commandTimeout, dataTimeout, spoolThreshold, spoolDirectory,
                maxHops, reverseDns, listeners, maxCommandsPerMessage);
    }

    public SmtpReceiveSettings withConnections(ConnectionLimits value) {
        return new SmtpReceiveSettings(limits, value, commandTimeout, dataTimeout, spoolThreshold, spoolDirectory,
                maxHops, reverseDns, listeners, maxCommandsPerMessage);
    }

    public SmtpReceiveSettings withTimeouts(Duration command, Duration data) {
        return new SmtpReceiveSettings(limits, connections, command, data, spoolThreshold, spoolDirectory,
                maxHops, reverseDns, listeners, maxCommandsPerMessage);
    }

    public SmtpReceiveSettings withSpool(long threshold, Optional<Path> directory) {
        return new SmtpReceiveSettings(limits, connections, commandTimeout, dataTimeout, threshold, directory,
                maxHops, reverseDns, listeners, maxCommandsPerMessage);
    }

    public SmtpReceiveSettings withReverseDns(boolean value) {
        return new SmtpReceiveSettings(limits, connections, commandTimeout, dataTimeout, spoolThreshold, spoolDirectory,
                maxHops, value, listeners, maxCommandsPerMessage);
    }

    public SmtpReceiveSettings withMaxCommandsPerMessage(int value) {
        return new SmtpReceiveSettings(limits, connections, commandTimeout, dataTimeout, spoolThreshold, spoolDirectory,
                maxHops, reverseDns, listeners, value);
    }

    public SmtpReceiveSettings withListeners(Set<SmtpListenerKind> value) {
        return new SmtpReceiveSettings(limits, connections, commandTimeout, dataTimeout, spoolThreshold, spoolDirectory,
                maxHops, reverseDns, value, maxCommandsPerMessage);
    }
}

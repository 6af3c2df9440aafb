package org.postern.transport.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits for each reply — RFC 5321 section 4.5.3.2: the greeting 5
 * minutes, MAIL 5, RCPT 5, DATA initiation 2, each data block 3, the end of data 10; other
 * commands (EHLO, STARTTLS, AUTH, RSET) get {@code command}. Connecting is bounded by
 * {@code connect}, which the RFC leaves open.
 */
public record ClientTimeouts(Duration connect, Duration greeting, Duration mail, Duration rcpt, Duration dataInit,
                             Duration dataBlock, Duration dataTermination, Duration command) {

    public static final ClientTimeouts RFC_5321 = new ClientTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofMinutes(3),
            Duration.ofMinutes(10), Duration.ofMinutes(5));

    public ClientTimeouts {
        for (Duration d : new Duration[] {connect, greeting, mail, rcpt, dataInit, dataBlock, dataTermination, command}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }
    }

    /** Every timeout the same (tests). */
    public static ClientTimeouts all(Duration d) {
        return new ClientTimeouts(d, d, d, d, d, d, d, d);
    }
}

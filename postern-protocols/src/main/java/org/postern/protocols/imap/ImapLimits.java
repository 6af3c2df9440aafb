package org.postern.protocols.imap;

import java.time.Duration;

/**
 * Every bound of the IMAP wire layer and session, in one record (style rule 7), resolved once
 * per listener and passed to the command reader, the parser and the session.
 *
 * @param maxLineLength   longest line of a command without CRLF, literals excluded (default
 *                        65,536; RFC 7162 section 4 asks servers to take at least 8,192)
 * @param maxLiteral      largest literal in any command but APPEND (default 65,536)
 * @param maxAppend       largest message APPEND takes, the APPENDLIMIT of RFC 7889 (default 50 MiB)
 * @param maxNesting      deepest parenthesised nesting of a command (default 32)
 * @param maxBadCommands  consecutive rejected commands before the session is closed with BYE
 *                        (default 2,000; any accepted command resets the count)
 * @param idleTimeout     how long the server waits for the client, in IDLE too (default 30
 *                        minutes, the autologout timer of RFC 3501 section 5.4; RFC 2177
 *                        asks clients to end an IDLE within 29 minutes)
 * @param fallbackPoll    how often a session that waits (IDLE) looks at its folder in the store
 *                        itself, for changes made by another process (default 30 seconds; changes
 *                        made in this process arrive at once through the store's notifier)
 */
public record ImapLimits(int maxLineLength, int maxLiteral, long maxAppend, int maxNesting, int maxBadCommands,
                         Duration idleTimeout, Duration fallbackPoll) {

    public static final ImapLimits DEFAULTS = new ImapLimits(65_536, 65_536, 50L * 1024 * 1024, 32, 2_000,
            Duration.ofMinutes(30), Duration.ofSeconds(30));

    public ImapLimits {
        if (maxLineLength < 1024 || maxLiteral < 1024 || maxAppend < 1024 || maxAppend > Integer.MAX_VALUE - 64) {
            throw new IllegalArgumentException("IMAP size limits out of range");
        }
        if (maxNesting < 2 || maxBadCommands < 1) {
            throw new IllegalArgumentException("IMAP nesting and error budget must be positive");
        }
        for (Duration d : new Duration[] {idleTimeout, fallbackPoll}) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("IMAP timeouts must be positive");
            }
        }
    }

    public ImapLimits withMaxAppend(long bytes) {
        return new ImapLimits(maxLineLength, maxLiteral, bytes, maxNesting, maxBadCommands, idleTimeout, fallbackPoll);
    }

    public ImapLimits withFallbackPoll(Duration poll) {
        return new ImapLimits(maxLineLength, maxLiteral, maxAppend, maxNesting, maxBadCommands, idleTimeout, poll);
    }

    public ImapLimits withIdleTimeout(Duration idle) {
        return new ImapLimits(maxLineLength, maxLiteral, maxAppend, maxNesting, maxBadCommands, idle, fallbackPoll);
    }
}

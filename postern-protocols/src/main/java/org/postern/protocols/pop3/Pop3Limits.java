package org.postern.protocols.pop3;

import java.time.Duration;

/**
 * Every bound of the POP3 wire layer and session, in one record (style rule 7), resolved once
 * per listener and passed to the parser and the session.
 *
 * @param maxCommandLine  longest command line without CRLF (default 1024; RFC 2449 section 4
 *                        asks clients for at most 255 octets with CRLF, Postern takes more)
 * @param maxAuthLine     longest AUTH command or SASL response line without CRLF (default
 *                        12288: an 8 KiB response in base64, RFC 5034 section 4)
 * @param maxArgument     longest argument of any command but AUTH (default 255, RFC 2449 section 4)
 * @param maxBadCommands  rejected commands (unknown, malformed, wrong state, refused before TLS,
 *                        failed authentication) before the session is closed (default 20)
 * @param idleTimeout     how long the server waits for a command (default 10 minutes, the
 *                        autologout timer of RFC 1939 section 3)
 */
public record Pop3Limits(int maxCommandLine, int maxAuthLine, int maxArgument, int maxBadCommands, Duration idleTimeout) {

    public static final Pop3Limits DEFAULTS = new Pop3Limits(1024, 12288, 255, 20, Duration.ofMinutes(10));

    public Pop3Limits {
        if (maxCommandLine < 255 || maxAuthLine < maxCommandLine || maxArgument < 40 || maxArgument > maxCommandLine) {
            throw new IllegalArgumentException("POP3 line limits out of range");
        }
        if (maxBadCommands < 1) {
            throw new IllegalArgumentException("maxBadCommands must be positive");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
    }

    /** The limit to give the line reader: the longest line any command may have. */
    public int maxLineLength() {
        return maxAuthLine;
    }

    public Pop3Limits withIdleTimeout(Duration idle) {
        return new Pop3Limits(maxCommandLine, maxAuthLine, maxArgument, maxBadCommands, idle);
    }

    public Pop3Limits withMaxBadCommands(int bad) {
        return new Pop3Limits(maxCommandLine, maxAuthLine, maxArgument, bad, idleTimeout);
    }
}

package org.postern.protocols.pop3;

import java.util.Optional;

/** What {@link Pop3CommandParser} made of a line: a command, or why it is none. */
public sealed interface Pop3ParseResult {

    /** A well-formed command. */
    record Parsed(Pop3Request request) implements Pop3ParseResult {
    }

    /**
     * Not a command the server can run: unknown verb, wrong arguments, a line too long. The
     * session answers {@code -ERR} with {@code reason} and counts a bad command.
     *
     * @param command the verb, when it was recognised
     * @param reason  a short text for the client (never echoes the line)
     */
    record Invalid(Optional<Pop3Command> command, String reason) implements Pop3ParseResult {
    }
}

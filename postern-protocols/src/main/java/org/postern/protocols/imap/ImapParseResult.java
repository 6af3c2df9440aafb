package org.postern.protocols.imap;

import java.util.Optional;

/**
 * What reading one command gave: a request, a non-fatal error answered with {@code BAD} (or
 * {@code NO} with a response code) after which the session goes on, a fatal error after which
 * the server says {@code BYE} and closes (the stream is no longer in step with the client), or
 * the end of the stream. The dispatcher switches over it exhaustively.
 */
public sealed interface ImapParseResult {

    record Parsed(ImapRequest request) implements ImapParseResult {
    }

    /**
     * A command that cannot be executed; the stream is still in step.
     *
     * @param tag  the tag if one was read ({@code *} otherwise, answered untagged)
     * @param code a response code for a tagged {@code NO} ({@code TOOBIG} for a literal over the
     *             limit, RFC 7889); empty for {@code BAD}
     */
    record Bad(String tag, Optional<String> code, String text) implements ImapParseResult {
        public static Bad of(String tag, String text) {
            return new Bad(tag, Optional.empty(), text);
        }
    }

    /** The stream is out of step (a non-synchronizing literal over the limit): BYE and close. */
    record Fatal(String text) implements ImapParseResult {
    }

    /** The peer closed the stream. */
    record End() implements ImapParseResult {
    }
}

package org.postern.protocols.smtp;

import java.util.Objects;
import java.util.Optional;

/**
 * A line that is not a valid command, with the reply the server sends for it (RFC 5321
 * section 4.2.4 and 4.3.2, RFC 3463). Counts against the session's error budget.
 *
 * @param verb the verb, when it was recognized (lets the session tell a bad MAIL from noise)
 */
public record CommandSyntaxError(SmtpReply reply, Optional<SmtpVerb> verb) implements CommandParseResult {

    public CommandSyntaxError {
        Objects.requireNonNull(reply, "reply");
        Objects.requireNonNull(verb, "verb");
    }
}

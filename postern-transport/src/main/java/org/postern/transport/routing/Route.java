package org.postern.transport.routing;

import java.util.Locale;
import java.util.Optional;

/**
 * Where the categorizer sends one recipient: into a mailbox of this organisation, or over
 * SMTP to another domain. Kept in the queue as text ({@link #toText()}), so a restarted hub
 * resumes with the routes it had.
 */
public sealed interface Route {

    /** Delivery into the recipient's mailbox in the store (the reference's "Hub Transport to Mailbox server"). */
    record Mailbox() implements Route {
        @Override
        public String toText() {
            return "mailbox";
        }
    }

    /** Relay over SMTP to the mail exchangers (or smart host) of a domain. */
    record Smtp(String domain) implements Route {
        public Smtp {
            domain = domain.toLowerCase(Locale.ROOT);
        }

        @Override
        public String toText() {
            return "smtp:" + domain;
        }
    }

    Route MAILBOX = new Mailbox();

    String toText();

    /** Reads a route kept in the queue; empty for text this version does not know. */
    static Optional<Route> parse(String text) {
        if (text.equals("mailbox")) {
            return Optional.of(MAILBOX);
        }
        if (text.startsWith("smtp:") && text.length() > 5) {
            return Optional.of(new Smtp(text.substring(5)));
        }
        return Optional.empty();
    }
}

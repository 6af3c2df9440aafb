package org.postern.protocols.smtp;

/**
 * The argument of MAIL FROM (RFC 5321 section 4.1.2 Reverse-path): a {@link Mailbox}, or the
 * null path {@code <>} used by delivery status notifications (section 4.5.5).
 */
public sealed interface ReversePath permits ReversePath.Null, Mailbox {

    /** The null reverse-path {@code <>}. */
    Null NULL = new Null();

    record Null() implements ReversePath {
        @Override
        public String toString() {
            return "";
        }
    }

    /** The path with its angle brackets, as in a command line. */
    default String toPathString() {
        return "<" + this + ">";
    }
}

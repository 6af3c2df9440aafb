package org.postern.protocols.smtp;

/**
 * The argument of RCPT TO (RFC 5321 section 4.1.2 Forward-path): a {@link Mailbox}, or the
 * bare {@code <Postmaster>} every server accepts without a domain (section 4.1.1.3).
 */
public sealed interface ForwardPath permits ForwardPath.Postmaster, Mailbox {

    /** {@code <Postmaster>} without a domain. */
    Postmaster POSTMASTER = new Postmaster();

    record Postmaster() implements ForwardPath {
        @Override
        public String toString() {
            return "Postmaster";
        }
    }

    /** The path with its angle brackets, as in a command line. */
    default String toPathString() {
        return "<" + this + ">";
    }
}

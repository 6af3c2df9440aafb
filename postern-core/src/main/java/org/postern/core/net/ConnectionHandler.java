package org.postern.core.net;

import java.io.IOException;

/**
 * A protocol's side of a listener: what to do with one accepted connection (on its own
 * virtual thread), and how to turn one away in the protocol's own words.
 */
public interface ConnectionHandler {

    /** Why a connection is turned away before its session begins. */
    enum Refusal {
        /** The listener has as many connections as it takes. */
        TOO_MANY_CONNECTIONS,
        /** The source address has as many connections as one source may have. */
        TOO_MANY_FROM_SOURCE,
        /** The server is stopping. */
        SHUTTING_DOWN;

        /** The words every protocol puts in its refusal reply. */
        public String text() {
            return switch (this) {
                case TOO_MANY_CONNECTIONS -> "Too many connections, try again later";
                case TOO_MANY_FROM_SOURCE -> "Too many connections from your address, try again later";
                case SHUTTING_DOWN -> "Server shutting down";
            };
        }
    }

    /**
     * Runs the session to its end. The listener closes the connection afterwards, whatever
     * happens; an exception escaping here is logged as a bug.
     */
    void serve(Connection connection) throws Exception;

    /** Writes the protocol's refusal (e.g. {@code 421 4.7.0 …}, {@code * BYE …}); the listener then closes. */
    void refuse(Connection connection, Refusal refusal) throws IOException;
}

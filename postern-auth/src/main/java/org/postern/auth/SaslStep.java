package org.postern.auth;

import org.postern.core.directory.Recipient.User;

/** What a SASL exchange (RFC 4422 section 3) says after each client message. */
public sealed interface SaslStep {

    /** Send this challenge (the protocol base64-encodes it) and wait for the client's response. */
    record Challenge(byte[] data) implements SaslStep {
    }

    /** Authenticated as this user. */
    record Success(User user) implements SaslStep {
    }

    /**
     * Authenticated as a server of the organisation: a {@code host/} principal of the realm (a
     * peer hub, ADR 0015). Only where {@link AuthContext#servers()} allows it; never a user.
     */
    record PeerServer(String principal) implements SaslStep {
    }

    /** Not authenticated; the exchange is over. */
    record Failure(AuthFailure reason) implements SaslStep {
    }
}

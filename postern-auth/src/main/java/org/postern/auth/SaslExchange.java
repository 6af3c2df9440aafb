package org.postern.auth;

import java.util.Optional;

/**
 * One SASL authentication in progress (RFC 4422), driven by a protocol session: SMTP AUTH
 * (RFC 4954), IMAP AUTHENTICATE (RFC 3501 section 6.2.2, SASL-IR RFC 4959), POP3 AUTH
 * (RFC 5034). The session decodes base64, handles {@code *} by calling {@link #cancel()}, and
 * encodes challenges; the exchange works on the decoded bytes only. One per attempt, one
 * thread.
 */
public interface SaslExchange {

    /** The mechanism's name as offered ({@code PLAIN}, {@code LOGIN}, …). */
    String mechanism();

    /**
     * Starts the exchange with the client's initial response, if it sent one (an empty
     * initial response, "=" on the wire, is present and empty).
     */
    SaslStep start(Optional<byte[]> initialResponse);

    /** Continues with the client's response to the last challenge. */
    SaslStep step(byte[] response);

    /** The client gave up ({@code *}); ends the exchange as {@link AuthFailure#CANCELLED}. */
    SaslStep cancel();
}

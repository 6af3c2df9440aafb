package org.postern.transport.queue;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a message came from, as the SMTP session saw it: what the Received header's
 * {@code from} and {@code with} clauses say (RFC 5321 section 4.4), kept with the envelope so
 * that delivery, reports and message tracking can tell the story after a restart.
 *
 * @param listener          the listener's name ("SMTP", "submission", "SMTPS")
 * @param remoteAddress     the client's address as text, e.g. {@code 192.0.2.7} or {@code [2001:db8::7]:51234}
 * @param helo              the HELO or EHLO argument (RFC 5321 section 4.1.1.1)
 * @param authenticatedUser the user that authenticated with AUTH (RFC 4954), if one did
 * @param tlsProtocol       the TLS protocol in use, e.g. {@code TLSv1.3}, if any
 * @param tlsCipher         the TLS cipher suite in use, if any
 */
public record Origin(String listener, String remoteAddress, String helo, Optional<String> authenticatedUser,
                     Optional<String> tlsProtocol, Optional<String> tlsCipher) {

    public Origin {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
        Objects.requireNonNull(tlsProtocol, "tlsProtocol");
        Objects.requireNonNull(tlsCipher, "tlsCipher");
    }

    /** A message made on this server (a report, a journal copy), with no client. */
    public static Origin local(String listener) {
        return new Origin(listener, "127.0.0.1", "localhost", Optional.empty(), Optional.empty(), Optional.empty());
    }
}

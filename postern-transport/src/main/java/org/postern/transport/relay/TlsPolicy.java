package org.postern.transport.relay;

/**
 * What the SMTP client demands of TLS for one destination (RFC 3207; the levels of RFC 7435
 * "opportunistic security" and of RFC 8461's enforce mode, configured per domain).
 */
public enum TlsPolicy {
    /** STARTTLS when the server offers it, any certificate; plain text when it does not. */
    OPPORTUNISTIC,
    /**
     * STARTTLS, with a certificate that chains to a trusted authority and names the host
     * (the MX name, or the configured smart host or route); anything less defers the
     * recipients with {@code 4.7.5} — mail is never sent in plain text.
     */
    REQUIRE
}

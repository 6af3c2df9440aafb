package org.postern.protocols.pop3;

import java.util.ArrayList;
import java.util.List;

/**
 * The CAPA response lines (RFC 2449 section 5), computed from the command table for the
 * session's phase and TLS state (style rule 12): {@code STLS} only before TLS (RFC 2595
 * section 4), {@code USER} and {@code SASL} only after it, nothing about login once logged in.
 * Extensions with no verb of their own follow: {@code RESP-CODES} and {@code AUTH-RESP-CODE}
 * (RFC 2449 section 6.4, RFC 3206 section 6), {@code PIPELINING} (RFC 2449 section 6.6).
 */
public final class Pop3Capabilities {

    /** Extensions that are always on, in the order listed. */
    public static final List<String> ALWAYS = List.of("RESP-CODES", "AUTH-RESP-CODE", "PIPELINING");

    private Pop3Capabilities() {
    }

    /**
     * @param mechanisms the SASL mechanisms the authenticator offers now; {@code SASL} is left
     *                   out when there are none
     */
    public static List<String> lines(Pop3Phase phase, boolean tls, List<String> mechanisms) {
        List<String> lines = new ArrayList<>();
        for (Pop3Command command : Pop3Command.values()) {
            if (command.capability().isEmpty() || !command.offeredIn(phase, tls)) {
                continue;
            }
            String tag = command.capability().get();
            if (command == Pop3Command.AUTH) {
                if (!mechanisms.isEmpty()) {
                    lines.add(tag + " " + String.join(" ", mechanisms));
                }
            } else {
                lines.add(tag);
            }
        }
        lines.addAll(ALWAYS);
        return lines;
    }
}

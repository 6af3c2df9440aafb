package org.postern.protocols.smtp;

import java.util.Objects;

/**
 * The ORCPT parameter of RCPT (RFC 3461 section 4.2): the original recipient as the first
 * sender wrote it, with its address type (usually {@code rfc822}), xtext-decoded.
 */
public record Orcpt(String addressType, String address) {

    public Orcpt {
        Objects.requireNonNull(addressType, "addressType");
        Objects.requireNonNull(address, "address");
    }

    /** The parameter value: {@code addr-type ";" xtext}. */
    public String toWire() {
        return addressType + ";" + Xtext.encode(address);
    }
}

package org.postern.core.address;

/** An address or domain name that does not parse; the message is one line fit for a user. */
public class InvalidAddressException extends IllegalArgumentException {
    public InvalidAddressException(String message) {
        super(message);
    }
}

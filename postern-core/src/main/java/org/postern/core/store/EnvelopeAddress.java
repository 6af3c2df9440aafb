package org.postern.core.store;

/**
 * One address of an ENVELOPE (RFC 3501 section 7.4.2): personal name (decoded), source
 * route, mailbox (local part) and host. RFC 2822 groups keep RFC 3501's markers: a start
 * entry with a null host and the group name as mailbox, an end entry with mailbox and host
 * both null.
 */
public record EnvelopeAddress(String name, String adl, String mailbox, String host) {

    public static EnvelopeAddress groupStart(String groupName) {
        return new EnvelopeAddress(null, null, groupName, null);
    }

    public static EnvelopeAddress groupEnd() {
        return new EnvelopeAddress(null, null, null, null);
    }
}

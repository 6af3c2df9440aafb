package org.postern.transport.queue;

/**
 * Where one recipient of a queued message stands. PENDING and DEFERRED keep a message in the
 * queue; when every recipient is DELIVERED, FAILED or EXPANDED the message is done and leaves
 * it.
 */
public enum DeliveryStatus {
    /** Not yet tried: the categorizer or delivery should take it now. */
    PENDING,
    /** Tried and refused for now (a 4yz reply, RFC 5321 section 4.2.1); tried again at its next attempt. */
    DEFERRED,
    /** Accepted by the mailbox or the next hop (a 2yz reply). */
    DELIVERED,
    /** Given up: a 5yz reply, or the retry time expired; a non-delivery report (RFC 3464) is due. */
    FAILED,
    /** An alias or a group the categorizer replaced by the recipients it expands to. */
    EXPANDED;

    /** Whether this recipient still keeps its message in the queue. */
    public boolean isOpen() {
        return this == PENDING || this == DEFERRED;
    }
}

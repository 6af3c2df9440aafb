package org.postern.core.tracking;

/**
 * What happened to a message at one step of its path, as Exchange 2007's message tracking
 * log names its events.
 */
public enum TrackingEventType {
    /** A transport server accepted the message (SMTP, LMTP or pickup). */
    RECEIVE,
    /** A mailbox server submitted the message from a mailbox to a hub (Outbox, submission). */
    SUBMIT,
    /** The message was stored in a mailbox. */
    DELIVER,
    /** The message was handed to another server over SMTP. */
    SEND,
    /** Delivery failed for now and will be retried. */
    DEFER,
    /** Delivery failed for good. */
    FAIL,
    /** A delivery status notification (RFC 3464) was generated. */
    DSN,
    /** A distribution group was expanded into its members. */
    EXPAND
}

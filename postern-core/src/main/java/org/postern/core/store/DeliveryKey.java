package org.postern.core.store;

import java.util.Objects;

/**
 * What makes a delivery unique for the hub: its queue id and one recipient. An append that
 * carries a key the mailbox has seen returns the first append's result instead of a second
 * copy, so a delivery retried after a lost acknowledgement is not doubled.
 */
public record DeliveryKey(String queueId, String recipient) {
    public DeliveryKey {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(recipient, "recipient");
        if (queueId.isEmpty() || recipient.isEmpty() || queueId.length() + recipient.length() > 1000) {
            throw new StoreException(StoreError.INVALID, "bad delivery key");
        }
    }

    /** One string for the store's unique index. */
    public String value() {
        return queueId + "\n" + recipient;
    }
}

package org.postern.transport.delivery;

import java.util.List;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;

/**
 * Delivery to the organisation's mailboxes (reference: "Hub Transport to Mailbox server"): a
 * method call on the store when the mailbox role runs in this process ({@link MailboxDelivery}),
 * LMTP to the mailbox server when it runs in another ({@code relay.LmtpDelivery}). Either way a
 * result per recipient, and a repeat after a crash stores nothing twice (queue id + recipient).
 */
public interface LocalDelivery {

    /** Delivers to each recipient; returns what came of each. */
    List<DeliveryResult> deliver(QueuedMessage message, List<RecipientState> recipients, TransportQueue queue, String messageId);
}

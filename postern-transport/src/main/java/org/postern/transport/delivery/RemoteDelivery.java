package org.postern.transport.delivery;

import java.util.List;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;

/** Delivery over SMTP to another domain's mail exchangers or a smart host (the hub's SMTP client). */
public interface RemoteDelivery {

    /** Delivers one message to recipients that share one destination domain; reports each. */
    List<DeliveryResult> deliver(QueuedMessage message, String domain, List<RecipientState> recipients,
                                 TransportQueue queue, String messageId);
}

package org.postern.transport.delivery;

import org.postern.transport.queue.RecipientState;

/**
 * What one delivery attempt to one recipient came to, as a delivery agent reports it; the
 * {@link QueueRunner} turns it into the recipient's next state under the retry policy.
 *
 * @param recipient the recipient as it was before the attempt
 * @param kind      delivered, or failed for now, or failed for good
 * @param reply     the reply in SMTP form ({@code 250 2.0.0 …}, {@code 451 4.3.0 …}, {@code 550 5.1.1 …})
 */
public record DeliveryResult(RecipientState recipient, Kind kind, String reply) {

    public enum Kind { DELIVERED, TEMPORARY, PERMANENT }

    public static DeliveryResult delivered(RecipientState r, String reply) {
        return new DeliveryResult(r, Kind.DELIVERED, reply);
    }

    public static DeliveryResult temporary(RecipientState r, String reply) {
        return new DeliveryResult(r, Kind.TEMPORARY, reply);
    }

    public static DeliveryResult permanent(RecipientState r, String reply) {
        return new DeliveryResult(r, Kind.PERMANENT, reply);
    }
}

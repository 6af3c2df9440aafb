package org.postern.transport.delivery;

import org.postern.core.address.EmailAddress;
import org.postern.protocols.smtp.ReversePath;

/**
 * Told of each message newly stored in an Inbox (not of one found stored by a repeated
 * delivery): what the Mailbox role does after final delivery, such as an out-of-office reply.
 */
@FunctionalInterface
public interface FinalDelivery {

    FinalDelivery NONE = (owner, reversePath, content) -> { };

    /**
     * @param content the message as delivered (without the Return-Path field); may be opened once, now
     */
    void stored(EmailAddress owner, ReversePath reversePath, InboxAppend.Content content);
}

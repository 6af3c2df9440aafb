package org.postern.core.tracking;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the message tracking log.
 *
 * @param time when it happened
 * @param type what happened
 * @param messageId the Message-ID header's value (RFC 5322 section 3.6.4), angle brackets included
 * @param queueId the transport queue's id of the message, if it went through a queue
 * @param sender the envelope sender (RFC 5321 reverse-path), empty for the null sender
 * @param recipients the envelope recipients this event concerns
 * @param source where it came from: a protocol and peer ({@code SMTP 192.0.2.1}) or a role
 * @param destination where it went: a host, a mailbox server, a folder
 * @param detail free text for the administrator (a reply line, a reason)
 */
public record TrackingEvent(Instant time, TrackingEventType type, String messageId, Optional<String> queueId,
                            String sender, List<String> recipients, String source, String destination,
                            String detail) {
    public TrackingEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        messageId = messageId == null ? "" : messageId;
        Objects.requireNonNull(queueId, "queueId");
        sender = sender == null ? "" : sender;
        recipients = List.copyOf(recipients);
        source = source == null ? "" : source;
        destination = destination == null ? "" : destination;
        detail = detail == null ? "" : detail;
    }
}

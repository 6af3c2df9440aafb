package org.postern.transport.submission;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.MessageContent;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.TransportQueue;

/**
 * Submission with the hub in the same process: the message goes straight into the hub's
 * durable queue (a method call, as the reference's row mailbox-hub-submission says for one
 * server), with the origin {@code mailbox}, and the tracking log records a SUBMIT.
 */
public final class QueueSubmission implements Submission {

    private final TransportQueue queue;
    private final TrackingLog tracking;
    private final Clock clock;

    public QueueSubmission(TransportQueue queue, TrackingLog tracking, Clock clock) {
        this.queue = queue;
        this.tracking = tracking;
        this.clock = clock;
    }

    @Override
    public String submit(ReversePath from, List<ForwardPath> to, byte[] content) throws IOException {
        Instant now = clock.instant();
        List<EnvelopeRecipient> recipients = to.stream().map(r -> new EnvelopeRecipient(r, RcptParameters.NONE)).toList();
        QueuedMessage queued = queue.enqueue(new Envelope(from, recipients, MailParameters.NONE, Origin.local("mailbox"), now),
                MessageContent.of(content));
        tracking.record(new TrackingEvent(now, TrackingEventType.SUBMIT, "", Optional.of(queued.id().toString()),
                from.toString(), to.stream().map(Object::toString).toList(), "mailbox", "in-process",
                "queued as " + queued.id()));
        return queued.id().toString();
    }
}

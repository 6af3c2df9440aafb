package org.postern.transport.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.DsnNotify;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.protocols.smtp.DsnReturn;
import org.postern.transport.dsn.DeliveryStatusReport;
import org.postern.transport.dsn.ReportAction;
import org.postern.transport.dsn.ReportedRecipient;
import org.postern.transport.queue.DeliveryStatus;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.MessageContent;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.RetryPolicy;
import org.postern.transport.queue.TransportQueue;
import org.postern.transport.routing.Categorizer;
import org.postern.transport.routing.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works the queue: takes each due message, has the categorizer route new recipients, hands
 * the due ones to the delivery agent of their route (mailbox, or SMTP per destination
 * domain), and records the outcome durably under the retry policy — backoff for temporary
 * failures, expiry after the policy's time, delay notices, and delivery status notifications
 * (RFC 3461, RFC 3464) to the sender, never to the null sender.
 */
public final class QueueRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueRunner.class);

    private final TransportQueue queue;
    private final Categorizer categorizer;
    private final LocalDelivery mailboxes;
    private final Optional<RemoteDelivery> remote;
    private final RetryPolicy policy;
    private final DeliveryStatusReport reports;
    private final TrackingLog tracking;
    private final Clock clock;
    private final int workers;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private volatile boolean running;

    public QueueRunner(TransportQueue queue, Categorizer categorizer, LocalDelivery mailboxes,
                       Optional<RemoteDelivery> remote, RetryPolicy policy, String hostname, TrackingLog tracking,
                       Clock clock, int workers) {
        this.queue = queue;
        this.categorizer = categorizer;
        this.mailboxes = mailboxes;
        this.remote = remote;
        this.policy = policy;
        this.reports = new DeliveryStatusReport(hostname);
        this.tracking = tracking;
        this.clock = clock;
        this.workers = workers;
    }

    public void start() {
        running = true;
        for (int i = 0; i < workers; i++) {
            threads.add(Thread.ofVirtual().name("postern-delivery-" + i).start(this::work));
        }
    }

    private void work() {
        while (running) {
            Optional<QueuedMessage> due;
            try {
                due = queue.takeDue(java.time.Duration.ofMillis(500));
            } catch (InterruptedException e) {
                return;
            }
            due.ifPresent(this::process);
        }
    }

    /** One pass over one message: route, deliver what is due, record. Never throws. */
    void process(QueuedMessage message) {
        try {
            String messageId = messageId(message);
            Instant now = clock.instant();
            // Routing and delivery in one pass, recorded in the queue by one update: the routes
            // need not be durable before the deliveries, since after a crash the message is routed
            // again and the delivery key makes a repeated delivery a no-op.
            Map<ForwardPath, RecipientState> changes = new LinkedHashMap<>();
            QueuedMessage routed = message;
            if (Categorizer.needsRouting(message)) {
                List<RecipientState> routes = categorizer.categorize(message, messageId);
                routes.stream().filter(r -> r.status() == DeliveryStatus.FAILED)
                        .forEach(r -> track(TrackingEventType.FAIL, message, messageId, r, r.lastReply().orElse("")));
                routes = report(message, messageId, routes, now);
                routes.forEach(r -> changes.put(r.address(), r));
                routed = withStates(message, routes);
            }
            List<DeliveryResult> results = deliverDue(routed, messageId, now);
            List<RecipientState> outcomes = new ArrayList<>();
            for (DeliveryResult result : results) {
                outcomes.add(apply(routed, messageId, result, now));
            }
            report(routed, messageId, outcomes, now).forEach(r -> changes.put(r.address(), r));
            if (changes.isEmpty()) {
                queue.release(message.id());
            } else {
                // every delivery is durable at its destination already, and every report was
                // queued with the states of the recipients it reports on: the states need not be
                // waited for (a crash before their commit costs a repeat that stores nothing twice
                // and reports nothing twice)
                queue.updateLater(message.id(), List.copyOf(changes.values()));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("queue run of {} failed; it stays queued", message.id(), e);
            queue.release(message.id());
        }
    }

    /** The message as it is once the changes are applied (the queue's own rule: same address replaces, new is added). */
    private static QueuedMessage withStates(QueuedMessage message, List<RecipientState> changes) {
        Map<ForwardPath, RecipientState> states = new LinkedHashMap<>();
        message.recipients().forEach(r -> states.put(r.address(), r));
        changes.forEach(r -> states.put(r.address(), r));
        return new QueuedMessage(message.id(), message.envelope(), message.contentSize(), List.copyOf(states.values()),
                message.messageId());
    }

    private List<DeliveryResult> deliverDue(QueuedMessage message, String messageId, Instant now) {
        Map<String, List<RecipientState>> byRoute = new LinkedHashMap<>();
        for (RecipientState r : message.recipients()) {
            boolean due = r.status() == DeliveryStatus.PENDING
                    || (r.status() == DeliveryStatus.DEFERRED && !r.nextAttempt().orElse(now).isAfter(now));
            if (due && r.route().isPresent()) {
                byRoute.computeIfAbsent(r.route().get(), k -> new ArrayList<>()).add(r);
            }
        }
        List<DeliveryResult> results = new ArrayList<>();
        byRoute.forEach((routeText, recipients) -> {
            Optional<Route> route = Route.parse(routeText);
            if (route.isEmpty()) {
                recipients.forEach(r -> results.add(DeliveryResult.temporary(r, "451 4.3.5 Unknown route " + routeText)));
            } else if (route.get() instanceof Route.Mailbox) {
                results.addAll(mailboxes.deliver(message, recipients, queue, messageId));
            } else if (route.get() instanceof Route.Smtp smtp) {
                if (remote.isPresent()) {
                    results.addAll(remote.get().deliver(message, smtp.domain(), recipients, queue, messageId));
                } else {
                    recipients.forEach(r -> results.add(DeliveryResult.temporary(r,
                            "451 4.4.0 Remote delivery is not available on this server")));
                }
            }
        });
        return results;
    }

    /** The recipient's next state: delivered, failed, or deferred with backoff (failed once expired). */
    private RecipientState apply(QueuedMessage message, String messageId, DeliveryResult result, Instant now) {
        RecipientState r = result.recipient();
        return switch (result.kind()) {
            case DELIVERED -> r.delivered(result.reply());
            case PERMANENT -> fail(message, messageId, r, result.reply());
            case TEMPORARY -> {
                if (policy.isExpired(message.envelope().arrival(), now)) {
                    yield fail(message, messageId, r, "550 4.4.7 Message expired in the queue (" + result.reply().strip() + ")");
                }
                RecipientState deferred = r.deferred(result.reply(), policy.nextAttempt(r.attempts() + 1, now));
                track(TrackingEventType.DEFER, message, messageId, r, result.reply());
                yield deferred;
            }
        };
    }

    private RecipientState fail(QueuedMessage message, String messageId, RecipientState r, String reply) {
        track(TrackingEventType.FAIL, message, messageId, r, reply);
        return r.failed(reply);
    }

    /**
     * Queues the reports the outcomes call for and returns the changes, with delay notices
     * marked as sent. A report goes to the sender unless it is the null sender, and only for
     * what the recipient's NOTIFY asked (failure and delay when it asked nothing). Each report
     * is queued together with the states of the recipients it reports on
     * ({@link TransportQueue#enqueueReport}), so no crash can leave a report whose recipients
     * a repeated pass would report again.
     */
    private List<RecipientState> report(QueuedMessage message, String messageId, List<RecipientState> changes,
                                        Instant now) throws IOException {
        if (!(message.envelope().reversePath() instanceof Mailbox sender)) {
            return changes;
        }
        Map<ReportAction, List<ReportedRecipient>> reported = new LinkedHashMap<>();
        Map<ReportAction, List<RecipientState>> settled = new LinkedHashMap<>();
        List<RecipientState> out = new ArrayList<>(changes);
        for (int i = 0; i < changes.size(); i++) {
            RecipientState next = changes.get(i);
            RcptParameters dsn = next.dsn();
            Optional<ReportAction> action = switch (next.status()) {
                case FAILED -> wants(dsn, DsnNotify.FAILURE) ? Optional.of(ReportAction.FAILED) : Optional.empty();
                case DELIVERED -> dsn.notifyOn().contains(DsnNotify.SUCCESS) ? Optional.of(ReportAction.DELIVERED) : Optional.empty();
                case DEFERRED -> wants(dsn, DsnNotify.DELAY) && policy.isDelayNoticeDue(message.envelope().arrival(), now, next)
                        ? Optional.of(ReportAction.DELAYED) : Optional.empty();
                default -> Optional.empty();
            };
            if (action.isEmpty()) {
                continue;
            }
            if (action.get() == ReportAction.DELAYED) {
                out.set(i, next.withDelayNoticeSent());
            }
            settled.computeIfAbsent(action.get(), a -> new ArrayList<>()).add(out.get(i));
            reported.computeIfAbsent(action.get(), a -> new ArrayList<>()).add(new ReportedRecipient(
                    next.address().toString(), dsn.orcpt().map(o -> o.address()), action.get(),
                    next.lastReply().orElse(""), action.get() == ReportAction.DELAYED
                            ? Optional.of(message.envelope().arrival().plus(policy.expiry())) : Optional.empty()));
        }
        for (var entry : reported.entrySet()) {
            sendReport(message, messageId, sender, entry.getValue(), settled.get(entry.getKey()), now);
        }
        return out;
    }

    private static boolean wants(RcptParameters dsn, DsnNotify kind) {
        return dsn.notifyOn().isEmpty() ? kind != DsnNotify.SUCCESS : dsn.notifyOn().contains(kind);
    }

    private void sendReport(QueuedMessage message, String messageId, Mailbox sender, List<ReportedRecipient> recipients,
                            List<RecipientState> settled, Instant now) throws IOException {
        MailParameters original = message.envelope().parameters();
        boolean full = original.ret().map(r -> r == DsnReturn.FULL).orElse(true);
        byte[] report;
        try (InputStream content = queue.openContent(message.id())) {
            report = reports.build(sender.toString(), original.envId(), message.envelope().arrival(), recipients,
                    content, full, now);
        }
        Envelope envelope = new Envelope(ReversePath.NULL, List.of(new EnvelopeRecipient(sender, RcptParameters.NONE)),
                MailParameters.NONE, Origin.local("dsn"), now);
        QueuedMessage queued = queue.enqueueReport(envelope, MessageContent.of(report), message.id(), settled);
        tracking.record(new TrackingEvent(now, TrackingEventType.DSN, messageId, Optional.of(message.id().toString()),
                "", List.of(sender.toString()), "hub", "queue " + queued.id(),
                recipients.getFirst().action().field() + " report for " + recipients.size() + " recipient(s)"));
    }

    private void track(TrackingEventType type, QueuedMessage message, String messageId, RecipientState r, String reply) {
        tracking.record(new TrackingEvent(clock.instant(), type, messageId, Optional.of(message.id().toString()),
                message.envelope().reversePath().toString(), List.of(r.address().toString()), "hub",
                r.route().orElse(""), reply));
    }

    /** The Message-ID for tracking: as the receiving side read it, else from the content (after a restart). */
    private String messageId(QueuedMessage message) {
        if (message.messageId().isPresent()) {
            return message.messageId().get();
        }
        try (InputStream content = queue.openContent(message.id())) {
            return HeaderFields.first(content, "Message-ID").orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

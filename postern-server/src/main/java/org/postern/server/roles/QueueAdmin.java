package org.postern.server.roles;

import java.util.List;
import java.util.stream.Collectors;
import org.postern.server.admin.AdminHandler;
import org.postern.server.admin.AdminReply;
import org.postern.transport.queue.QueueId;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.TransportQueue;

/** {@code postern queue list|show ID|retry ID|remove ID}, answered by the running hub from its queue. */
final class QueueAdmin implements AdminHandler {

    private final TransportQueue queue;

    QueueAdmin(TransportQueue queue) {
        this.queue = queue;
    }

    @Override
    public AdminReply handle(List<String> args) throws Exception {
        if (args.isEmpty()) {
            return AdminReply.error("queue: list, show ID, retry ID or remove ID");
        }
        return switch (args.getFirst()) {
            case "list" -> AdminReply.ok(list());
            case "show" -> withId(args, id -> queue.find(id).map(m -> AdminReply.ok(show(m))));
            case "retry" -> withId(args, id -> queue.retryNow(id)
                    ? java.util.Optional.of(AdminReply.ok(id + ": deferred recipients will be tried now\n"))
                    : java.util.Optional.empty());
            case "remove" -> withId(args, id -> queue.remove(id)
                    ? java.util.Optional.of(AdminReply.ok(id + ": removed from the queue (no report is sent)\n"))
                    : java.util.Optional.empty());
            default -> AdminReply.error("queue: unknown command " + args.getFirst() + " (list, show, retry, remove)");
        };
    }

    @FunctionalInterface
    private interface IdAction {
        java.util.Optional<AdminReply> apply(QueueId id) throws Exception;
    }

    private static AdminReply withId(List<String> args, IdAction action) throws Exception {
        if (args.size() != 2) {
            return AdminReply.error("queue " + args.getFirst() + ": one queue id expected");
        }
        QueueId id;
        try {
            id = QueueId.parse(args.get(1));
        } catch (IllegalArgumentException e) {
            return AdminReply.error("not a queue id: " + args.get(1));
        }
        return action.apply(id).orElse(AdminReply.error("no message " + id + " in the queue"));
    }

    private String list() {
        StringBuilder out = new StringBuilder();
        for (QueuedMessage m : queue.list()) {
            out.append(m.id()).append('\t').append(m.envelope().arrival()).append('\t').append(m.contentSize())
                    .append('\t').append(sender(m)).append('\t')
                    .append(m.openRecipients().stream().map(r -> r.address() + " (" + r.status().name().toLowerCase(java.util.Locale.ROOT) + ")")
                            .collect(Collectors.joining(",")))
                    .append('\n');
        }
        return out.toString();
    }

    private static String show(QueuedMessage m) {
        StringBuilder out = new StringBuilder();
        out.append("Queue-Id: ").append(m.id()).append('\n');
        out.append("Arrival: ").append(m.envelope().arrival()).append('\n');
        out.append("Size: ").append(m.contentSize()).append('\n');
        out.append("Sender: ").append(sender(m)).append('\n');
        out.append("Received-From: ").append(m.envelope().origin().listener()).append(' ')
                .append(m.envelope().origin().remoteAddress()).append(" (").append(m.envelope().origin().helo()).append(")\n");
        for (RecipientState r : m.recipients()) {
            out.append("Recipient: ").append(r.address()).append("; ").append(r.status().name().toLowerCase(java.util.Locale.ROOT))
                    .append("; attempts ").append(r.attempts());
            r.route().ifPresent(route -> out.append("; route ").append(route));
            r.nextAttempt().ifPresent(t -> out.append("; next ").append(t));
            r.lastReply().ifPresent(reply -> out.append("; last: ").append(reply.strip()));
            out.append('\n');
        }
        return out.toString();
    }

    private static String sender(QueuedMessage m) {
        String s = m.envelope().reversePath().toString();
        return s.isEmpty() ? "<>" : s;
    }
}

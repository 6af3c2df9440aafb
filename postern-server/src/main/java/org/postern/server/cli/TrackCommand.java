package org.postern.server.cli;

import java.time.Instant;
import java.util.List;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingQuery;
import org.postern.server.Foundation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code postern track}: where a message went, from the message tracking log. */
@Command(name = "track", description = "Search the message tracking log: where did a message go?",
        mixinStandardHelpOptions = true)
public final class TrackCommand extends AdminCommand {

    @Option(names = "--sender", paramLabel = "ADDRESS", description = "Only events of this envelope sender.")
    String sender;

    @Option(names = "--recipient", paramLabel = "ADDRESS", description = "Only events concerning this recipient.")
    String recipient;

    @Option(names = "--message-id", paramLabel = "ID", description = "Only events of this Message-ID.")
    String messageId;

    @Option(names = "--since", paramLabel = "TIME", converter = TimeArgument.class,
            description = "Only events since then: 2026-11-28T09:00:00Z, 2026-11-28, or an age such as 4h or 2d.")
    Instant since;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "1000", description = "At most N events (default 1000).")
    int limit;

    @Override
    protected void execute(Foundation foundation) {
        if (limit < 1) {
            throw new UserError("--limit must be at least 1");
        }
        TrackingQuery query = TrackingQuery.all().withLimit(limit);
        if (sender != null) {
            query = query.withSender(sender);
        }
        if (recipient != null) {
            query = query.withRecipient(recipient);
        }
        if (messageId != null) {
            query = query.withMessageId(messageId);
        }
        if (since != null) {
            query = query.withSince(since);
        }
        List<TrackingEvent> events = foundation.tracking().search(query);
        for (TrackingEvent e : events.reversed()) {
            out().println(String.join("\t",
                    e.time().toString(), e.type().name(), e.messageId(), e.queueId().orElse("-"),
                    e.sender().isEmpty() ? "<>" : e.sender(), String.join(",", e.recipients()),
                    e.source() + " -> " + e.destination(), e.detail()));
        }
        if (events.isEmpty()) {
            spec.commandLine().getErr().println("no matching events");
        }
    }
}

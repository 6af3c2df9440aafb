package org.postern.transport.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.directory.Expansion;
import org.postern.core.directory.Recipient;
import org.postern.core.directory.RecipientExpander;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingLog;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.Mailbox;
import org.postern.transport.queue.DeliveryStatus;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The categorizer (reference: Hub Transport, "categorizer"): resolves each new recipient of a
 * queued message against the directory and gives it a {@link Route}. Aliases and
 * distribution groups are expanded once, duplicates removed, loops stopped
 * ({@link RecipientExpander}); the recipient that was expanded is kept as EXPANDED and the
 * mailboxes and external addresses it reached are added, each with the original recipient's
 * DSN parameters (RFC 3461 section 6.2.7.3: an expanded recipient's NOTIFY carries over).
 * A local address that names nothing any more (removed since RCPT) fails with
 * {@code 550 5.1.1}.
 *
 * <p>Postmaster (RFC 5321 section 4.5.1: {@code <Postmaster>} and {@code postmaster@} every
 * accepted domain must be deliverable): {@code postmaster@domain} that is a user, alias or group
 * goes where it names, like any address. One that names nothing, and the bare
 * {@code <Postmaster>}, go to the organisation's postmaster: {@code postmaster@} the first
 * accepted domain in alphabetical order ({@link Directory#acceptedDomains()}), expanded as an
 * alias would be (the recipient becomes EXPANDED and the mailboxes it reaches are added). No
 * setting, no guess among users: the administrator creates that one address (an alias, usually),
 * and every domain's postmaster reaches it. When it names nothing either, the recipient fails
 * with {@code 550 5.1.1} saying so, and the categorizer logs a warning.
 */
public final class Categorizer {

    private static final Logger LOG = LoggerFactory.getLogger(Categorizer.class);

    private final Directory directory;
    private final RecipientExpander expander;
    private final TrackingLog tracking;

    public Categorizer(Directory directory, TrackingLog tracking) {
        this.directory = directory;
        this.expander = new RecipientExpander(directory);
        this.tracking = tracking;
    }

    /** Whether any recipient still waits for a route. */
    public static boolean needsRouting(QueuedMessage message) {
        return message.recipients().stream().anyMatch(r -> r.status() == DeliveryStatus.PENDING && r.route().isEmpty());
    }

    /**
     * The state changes that route every PENDING recipient without a route; empty when none
     * needs it. Throws what the directory throws when it cannot be asked (the caller defers).
     */
    public List<RecipientState> categorize(QueuedMessage message, String messageId) {
        Set<String> present = new LinkedHashSet<>();
        message.recipients().forEach(r -> present.add(key(r.address())));
        List<RecipientState> changes = new ArrayList<>();
        for (RecipientState r : message.recipients()) {
            if (r.status() != DeliveryStatus.PENDING || r.route().isPresent()) {
                continue;
            }
            Optional<EmailAddress> address = emailAddress(r.address());
            if (address.isEmpty()) {
                changes.add(r.failed("550 5.1.3 Bad recipient address syntax"));
                continue;
            }
            if (!directory.isAcceptedDomain(address.get().domain())) {
                changes.add(r.withRoute(new Route.Smtp(address.get().domain()).toText()));
                continue;
            }
            Optional<Recipient> recipient = directory.resolve(address.get());
            boolean barePostmaster = !(r.address() instanceof Mailbox);
            if (barePostmaster || recipient.isEmpty() && isPostmaster(address.get())) {
                Optional<EmailAddress> organisation = organisationPostmaster();
                if (organisation.isPresent() && directory.resolve(organisation.get()).isPresent()) {
                    changes.addAll(expand(message, messageId, r, organisation.get(), present));
                } else {
                    LOG.warn("{}: no postmaster to deliver <{}> to; create {} (RFC 5321 section 4.5.1)", message.id(),
                            r.address(), organisation.map(Object::toString).orElse("an accepted domain"));
                    changes.add(r.failed("550 5.1.1 <" + address.get()
                            + ">: Recipient address rejected: no postmaster is defined here"));
                }
                continue;
            }
            if (recipient.isPresent() && recipient.get() instanceof Recipient.User) {
                changes.add(r.withRoute(Route.MAILBOX.toText()));
                continue;
            }
            if (recipient.isEmpty()) {
                changes.add(r.failed("550 5.1.1 <" + address.get() + ">: Recipient address rejected: no such user here"));
                continue;
            }
            changes.addAll(expand(message, messageId, r, address.get(), present));
        }
        return changes;
    }

    private List<RecipientState> expand(QueuedMessage message, String messageId, RecipientState original,
                                        EmailAddress address, Set<String> present) {
        Expansion expansion = expander.expand(address);
        List<RecipientState> changes = new ArrayList<>();
        changes.add(original.expanded());
        List<String> reached = new ArrayList<>();
        for (Recipient.User user : expansion.mailboxes()) {
            add(changes, present, reached, original, user.address(), Route.MAILBOX);
        }
        for (EmailAddress external : expansion.externals()) {
            add(changes, present, reached, original, external, new Route.Smtp(external.domain()));
        }
        StringBuilder detail = new StringBuilder("expanded to " + reached.size() + " recipient(s)");
        if (!expansion.unresolved().isEmpty()) {
            detail.append("; unknown members skipped: ").append(expansion.unresolved());
        }
        if (expansion.hasProblems()) {
            detail.append("; loops stopped: ").append(expansion.loops()).append(expansion.tooDeep());
        }
        tracking.record(new TrackingEvent(Instant.now(), TrackingEventType.EXPAND, messageId,
                Optional.of(message.id().toString()), message.envelope().reversePath().toString(),
                reached.isEmpty() ? List.of(address.toString()) : reached, "categorizer", address.toString(),
                detail.toString()));
        if (reached.isEmpty()) {
            changes.set(0, original.failed("550 5.1.1 <" + address + ">: Recipient address rejected: the group has no members"));
        }
        return changes;
    }

    private static void add(List<RecipientState> changes, Set<String> present, List<String> reached,
                            RecipientState original, EmailAddress address, Route route) {
        Mailbox mailbox = new Mailbox(address.localPart(), address.domain());
        if (present.add(key(mailbox))) {
            changes.add(RecipientState.pending(mailbox, original.dsn()).withRoute(route.toText()));
            reached.add(address.toString());
        }
    }

    private Optional<EmailAddress> emailAddress(ForwardPath path) {
        if (path instanceof Mailbox mailbox) {
            return mailbox.toEmailAddress();
        }
        return organisationPostmaster(); // <Postmaster> without a domain (RFC 5321 section 4.5.1)
    }

    /** {@code postmaster@} the first accepted domain, if there is one. */
    private Optional<EmailAddress> organisationPostmaster() {
        return directory.acceptedDomains().stream().findFirst().map(d -> new EmailAddress("postmaster", d));
    }

    private static boolean isPostmaster(EmailAddress address) {
        return address.localPart().equalsIgnoreCase("postmaster");
    }

    private static String key(ForwardPath path) {
        return path instanceof Mailbox m ? m.localPart().toLowerCase(java.util.Locale.ROOT) + "@" + m.domain() : "postmaster";
    }
}

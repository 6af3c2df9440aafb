package org.postern.transport.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Directory;
import org.postern.core.store.AutoReplies;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.ReversePath;
import org.postern.transport.submission.Submission;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The out-of-office reply (RFC 3834) the Mailbox role sends after final delivery when the
 * owner has one on: to the envelope sender (section 4), once per sender per {@link #PERIOD}
 * (section 2), never to the null reverse path, never to a message that is itself
 * {@code Auto-Submitted} (other than {@code no}) or list or bulk mail ({@code List-Id},
 * {@code Precedence: bulk/list/junk}; section 2), and only when one of the owner's addresses is
 * in {@code To} or {@code Cc} (section 3.1.1: not to a blind copy or a list's copy). The reply carries {@code Auto-Submitted:
 * auto-replied}, {@code In-Reply-To} and {@code References} (section 3.1) and goes with a null
 * reverse path (section 3.3) through the {@link Submission} to the hub, on a virtual thread so
 * that delivery never waits for it. A reply that could not be submitted gives its claim back.
 */
public final class AutoResponder implements FinalDelivery {

    /** One reply per sender in this period (RFC 3834 section 2 suggests not more often than every 7 days). */
    public static final Duration PERIOD = Duration.ofDays(7);

    private static final Logger LOG = LoggerFactory.getLogger(AutoResponder.class);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private final AutoReplies settings;
    private final Directory directory;
    private final Supplier<Optional<Submission>> submission;
    private final String hostname;
    private final Clock clock;

    /** @param submission how replies reach the hub; looked up per reply (the hub's queue exists once it started) */
    public AutoResponder(AutoReplies settings, Directory directory, Supplier<Optional<Submission>> submission,
                         String hostname, Clock clock) {
        this.settings = settings;
        this.directory = directory;
        this.submission = submission;
        this.hostname = hostname;
        this.clock = clock;
    }

    @Override
    public void stored(EmailAddress owner, ReversePath reversePath, InboxAppend.Content content) {
        try {
            Optional<String> text = settings.text(owner);
            if (text.isEmpty() || !(reversePath instanceof Mailbox sender)) {
                return; // off, or the null reverse path: never answered
            }
            Map<String, String> fields;
            try (InputStream in = content.open()) {
                fields = HeaderFields.firsts(in, "Auto-Submitted", "List-Id", "Precedence", "Message-ID", "References",
                        "Subject", "To", "Cc");
            }
            if (!answerable(fields) || sender.toString().equalsIgnoreCase(owner.canonical())
                    || !addressedTo(owner, fields.getOrDefault("to", "") + ", " + fields.getOrDefault("cc", ""))) {
                return;
            }
            if (!settings.claim(owner, sender.toString(), clock.instant(), PERIOD)) {
                return; // answered within the period
            }
            byte[] reply = reply(owner, sender, text.get(), fields);
            Thread.ofVirtual().name("auto-reply").start(() -> submit(owner, sender, reply));
        } catch (IOException | RuntimeException e) {
            LOG.warn("auto-reply for {} to {} not made: {}", owner, reversePath, e.toString());
        }
    }

    private void submit(EmailAddress owner, Mailbox sender, byte[] reply) {
        try {
            Optional<Submission> to = submission.get();
            if (to.isEmpty()) {
                throw new IOException("no hub to submit to");
            }
            String where = to.get().submit(ReversePath.NULL, List.of(sender), reply);
            LOG.info("auto-reply for {} to {} submitted: {}", owner, sender, where);
        } catch (IOException | RuntimeException e) {
            LOG.warn("auto-reply for {} to {} not submitted: {}", owner, sender, e.toString());
            settings.release(owner, sender.toString());
        }
    }

    /** RFC 3834 section 2: not to automatic mail, nor to lists and bulk mail. */
    static boolean answerable(Map<String, String> fields) {
        String auto = fields.getOrDefault("auto-submitted", "no");
        if (!auto.split("[;(]", 2)[0].strip().equalsIgnoreCase("no")) {
            return false;
        }
        if (fields.containsKey("list-id")) {
            return false;
        }
        String precedence = fields.getOrDefault("precedence", "").strip().toLowerCase(Locale.ROOT);
        return !(precedence.equals("bulk") || precedence.equals("list") || precedence.equals("junk"));
    }

    /** Whether one of the owner's addresses (primary or alias) is among these header addresses. */
    private boolean addressedTo(EmailAddress owner, String toAndCc) {
        List<EmailAddress> own = directory.findUser(owner).map(directory::addressesOf).orElse(List.of(owner));
        return named(toAndCc, own.stream().map(EmailAddress::canonical).toList());
    }

    static boolean named(String toAndCc, List<String> addresses) {
        String text = toAndCc.toLowerCase(Locale.ROOT);
        for (String a : addresses) {
            if (Pattern.compile("(^|[^a-z0-9._%+=-])" + Pattern.quote(a.toLowerCase(Locale.ROOT)) + "($|[^a-z0-9.-])")
                    .matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    private byte[] reply(EmailAddress owner, Mailbox sender, String text, Map<String, String> fields) {
        StringBuilder h = new StringBuilder();
        h.append("From: <").append(owner.canonical()).append(">\r\n");
        h.append("To: <").append(sender).append(">\r\n");
        h.append("Subject: Auto: ").append(fields.getOrDefault("subject", "(no subject)")).append("\r\n");
        h.append("Date: ").append(DATE.format(clock.instant().atZone(ZoneOffset.UTC))).append("\r\n");
        h.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(hostname).append(">\r\n");
        Optional.ofNullable(fields.get("message-id")).ifPresent(id -> {
            h.append("In-Reply-To: ").append(id).append("\r\n");
            String refs = Optional.ofNullable(fields.get("references")).map(r -> r + " ").orElse("");
            h.append("References: ").append(refs).append(id).append("\r\n");
        });
        h.append("Auto-Submitted: auto-replied\r\n");
        h.append("MIME-Version: 1.0\r\n");
        h.append("Content-Type: text/plain; charset=utf-8\r\n");
        h.append("Content-Transfer-Encoding: 8bit\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] body = (text.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}

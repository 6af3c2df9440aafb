package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.Folder;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.directory.EmbeddedDirectory;
import org.postern.protocols.smtp.ForwardPath;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.transport.delivery.MailboxDelivery;
import org.postern.transport.delivery.QueueRunner;
import org.postern.transport.queue.DeliveryStatus;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.JournalQueue;
import org.postern.transport.queue.MessageContent;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueueId;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.postern.transport.queue.RetryPolicy;
import org.postern.transport.routing.Categorizer;

/**
 * RFC 5321 section 4.5.1: {@code <Postmaster>} and {@code postmaster@} every accepted domain are
 * deliverable. The categorizer over the embedded directory sends a postmaster address that names
 * nothing to {@code postmaster@} the first accepted domain; end to end, the mail lands in the
 * mailbox that address reaches.
 */
class PostmasterRoutingTest {

    @TempDir
    Path tmp;

    Foundation foundation;
    EmbeddedDirectory dir;
    Categorizer categorizer;

    @BeforeEach
    void open() throws Exception {
        foundation = Foundation.open(new DataFolder(tmp.resolve("data"), null),
                PosternConfig.defaults().withHostname("hub.example.test"));
        dir = (EmbeddedDirectory) foundation.directory();
        dir.addDomain("example.test");
        dir.addDomain("other.test");
        dir.addUser("alice@example.test", null, null);
        dir.addUser("bob@other.test", null, null);
        categorizer = new Categorizer(dir, foundation.tracking());
    }

    @AfterEach
    void close() throws Exception {
        foundation.close();
    }

    private List<RecipientState> categorize(ForwardPath to) {
        Envelope envelope = new Envelope(mailbox("sender@example.org"), List.of(new EnvelopeRecipient(to, RcptParameters.NONE)),
                MailParameters.NONE, Origin.local("test"), Instant.now());
        QueuedMessage m = new QueuedMessage(new QueueId(1), envelope, 10,
                List.of(RecipientState.pending(to, RcptParameters.NONE)));
        return categorizer.categorize(m, "<m@example.org>");
    }

    private static Mailbox mailbox(String address) {
        EmailAddress a = EmailAddress.parse(address);
        return new Mailbox(a.localPart(), a.domain());
    }

    @Test
    void withNoPostmasterAnywhereThePostmasterFailsSayingSo() {
        List<RecipientState> changes = categorize(mailbox("postmaster@other.test"));
        assertThat(changes).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED);
            assertThat(r.lastReply()).hasValueSatisfying(t -> assertThat(t).startsWith("550 5.1.1").contains("no postmaster"));
        });
        assertThat(categorize(ForwardPath.POSTMASTER)).singleElement()
                .satisfies(r -> assertThat(r.status()).isEqualTo(DeliveryStatus.FAILED));
    }

    @Test
    void everyDomainsUndefinedPostmasterAndTheBareOneReachTheFirstDomainsPostmaster() {
        dir.addAlias("postmaster@example.test", "alice@example.test");
        for (ForwardPath to : List.of(mailbox("postmaster@other.test"), mailbox("PostMaster@other.test"),
                mailbox("postmaster@example.test"), ForwardPath.POSTMASTER)) {
            List<RecipientState> changes = categorize(to);
            assertThat(changes).as(to.toString()).hasSize(2);
            assertThat(changes.get(0).status()).isEqualTo(DeliveryStatus.EXPANDED);
            assertThat(changes.get(1).address().toString()).isEqualTo("alice@example.test");
            assertThat(changes.get(1).route()).contains("mailbox");
        }
    }

    @Test
    void aDomainsOwnPostmasterWins() {
        dir.addAlias("postmaster@example.test", "alice@example.test");
        dir.addAlias("postmaster@other.test", "bob@other.test");
        List<RecipientState> changes = categorize(mailbox("postmaster@other.test"));
        assertThat(changes.get(changes.size() - 1).address().toString()).isEqualTo("bob@other.test");
    }

    @Test
    void theBarePostmasterIsDeliveredIntoTheMailboxEndToEnd() throws Exception {
        dir.addAlias("postmaster@example.test", "alice@example.test");
        try (JournalQueue queue = JournalQueue.open(tmp.resolve("queue"))) {
            QueueRunner runner = new QueueRunner(queue, categorizer,
                    new MailboxDelivery(dir, foundation.store(), foundation.tracking(), Clock.systemUTC()),
                    Optional.empty(), RetryPolicy.DEFAULT, "hub.example.test", foundation.tracking(), Clock.systemUTC(), 1);
            runner.start();
            try {
                String body = "Subject: to the postmaster\r\n\r\nhello\r\n";
                queue.enqueue(new Envelope(ReversePath.NULL, List.of(new EnvelopeRecipient(ForwardPath.POSTMASTER,
                        RcptParameters.NONE), new EnvelopeRecipient(mailbox("postmaster@other.test"), RcptParameters.NONE)),
                        MailParameters.NONE, Origin.local("test"), Instant.now()),
                        MessageContent.of(body.getBytes(StandardCharsets.UTF_8)));
                Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
                while (queue.size() > 0 && Instant.now().isBefore(deadline)) {
                    Thread.sleep(50);
                }
                assertThat(queue.size()).isZero();
                // both recipients reached alice, who gets the message once
                assertThat(inbox("alice@example.test")).singleElement().satisfies(m -> assertThat(m).endsWith(body));
            } finally {
                runner.close();
            }
        }
    }

    private List<String> inbox(String owner) throws Exception {
        Folder inbox = foundation.store().findFolder(EmailAddress.parse(owner), SpecialUse.INBOX).orElseThrow();
        List<String> messages = new ArrayList<>();
        for (MessageMetadata m : foundation.store().fetch(inbox.id(), UidSet.all())) {
            try (InputStream in = foundation.store().openContent(inbox.id(), m.uid())) {
                messages.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return messages;
    }
}

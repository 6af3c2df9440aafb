package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingQuery;
import org.postern.protocols.smtp.DsnNotify;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.protocols.smtp.ReversePath;
import org.postern.transport.delivery.MailboxDelivery;
import org.postern.transport.delivery.QueueRunner;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.JournalQueue;
import org.postern.transport.queue.MessageContent;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RetryPolicy;
import org.postern.transport.routing.Categorizer;

/**
 * The hub's path from its queue into mailboxes, with every part real: the journal queue, the
 * categorizer over the embedded directory, delivery into the SQLite store, and the reports
 * sent back to senders.
 */
class HubDeliveryTest {

    @TempDir
    Path tmp;

    Foundation foundation;
    JournalQueue queue;
    QueueRunner runner;

    @BeforeEach
    void start() throws Exception {
        foundation = Foundation.open(new DataFolder(tmp.resolve("data"), null), PosternConfig.defaults().withHostname("hub.example.test"));
        var dir = foundation.directory();
        dir.addDomain("example.test");
        for (String user : List.of("alice", "bob", "carol")) {
            dir.addUser(user + "@example.test", null, null);
        }
        dir.addAlias("sales@example.test", "alice@example.test");
        dir.addGroup("team@example.test", "Team");
        dir.addMember("team@example.test", "alice@example.test");
        dir.addMember("team@example.test", "bob@example.test");
        dir.addMember("team@example.test", "sales@example.test");
        queue = JournalQueue.open(tmp.resolve("queue"));
        runner = new QueueRunner(queue, new Categorizer(dir, foundation.tracking()),
                new MailboxDelivery(dir, foundation.store(), foundation.tracking(), Clock.systemUTC()),
                Optional.empty(), RetryPolicy.DEFAULT, "hub.example.test", foundation.tracking(), Clock.systemUTC(), 2);
        runner.start();
    }

    @AfterEach
    void stop() throws Exception {
        runner.close();
        queue.close();
        foundation.close();
    }

    private QueuedMessage send(String from, String body, EnvelopeRecipient... to) throws Exception {
        ReversePath sender = from.isEmpty() ? ReversePath.NULL : mailbox(from);
        return queue.enqueue(new Envelope(sender, List.of(to), MailParameters.NONE, Origin.local("test"), Instant.now()),
                MessageContent.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mailbox mailbox(String address) {
        EmailAddress a = EmailAddress.parse(address);
        return new Mailbox(a.localPart(), a.domain());
    }

    private static EnvelopeRecipient rcpt(String address) {
        return new EnvelopeRecipient(mailbox(address), RcptParameters.NONE);
    }

    private List<String> inbox(String owner) throws Exception {
        Folder inbox = foundation.store().findFolder(EmailAddress.parse(owner), SpecialUse.INBOX).orElseThrow();
        List<String> messages = new java.util.ArrayList<>();
        for (MessageMetadata m : foundation.store().fetch(inbox.id(), UidSet.all())) {
            try (InputStream in = foundation.store().openContent(inbox.id(), m.uid())) {
                messages.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return messages;
    }

    private void awaitEmptyQueue() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (queue.size() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    private void awaitInbox(String owner, int count) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            if (foundation.store().hasMailbox(EmailAddress.parse(owner)) && inbox(owner).size() >= count) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(owner + " did not get " + count + " message(s)");
    }

    @Test
    void deliversIntoTheInboxWithAReturnPathAndTheBytesUnchanged() throws Exception {
        String body = "Message-ID: <m1@example.org>\r\nSubject: hi\r\n\r\n.dot line\r\nbody é\r\n";
        send("sender@example.org", body, rcpt("alice@example.test"));
        awaitInbox("alice@example.test", 1);
        assertThat(inbox("alice@example.test")).containsExactly("Return-Path: <sender@example.org>\r\n" + body);
        awaitEmptyQueue();
        assertThat(queue.size()).isZero();
        assertThat(foundation.tracking().search(TrackingQuery.all().withMessageId("<m1@example.org>")))
                .extracting(e -> e.type()).contains(TrackingEventType.DELIVER);
    }

    @Test
    void expandsGroupsAndAliasesOnceEach() throws Exception {
        send("sender@example.org", "Message-ID: <m2@example.org>\r\n\r\nteam\r\n",
                rcpt("team@example.test"), rcpt("alice@example.test"));
        awaitInbox("alice@example.test", 1);
        awaitInbox("bob@example.test", 1);
        awaitEmptyQueue();
        assertThat(inbox("alice@example.test")).as("alice is reached three ways, gets one copy").hasSize(1);
        assertThat(inbox("bob@example.test")).hasSize(1);
        assertThat(foundation.tracking().search(TrackingQuery.all().withMessageId("<m2@example.org>")))
                .extracting(e -> e.type()).contains(TrackingEventType.EXPAND);
    }

    @Test
    void anUnknownRecipientGetsTheSenderAReportAndTheNullSenderNone() throws Exception {
        // Accepted at RCPT time, gone since (the user was removed while the message waited in the queue).
        send("carol@example.test", "Message-ID: <m3@example.org>\r\nSubject: to dave\r\n\r\nhello\r\n", rcpt("dave@example.test"));
        awaitInbox("carol@example.test", 1);
        String report = inbox("carol@example.test").getFirst();
        assertThat(report).contains("Return-Path: <>").contains("multipart/report; report-type=delivery-status")
                .contains("Final-Recipient: rfc822; dave@example.test").contains("Action: failed").contains("Status: 5.1.1")
                .contains("Subject: to dave");

        send("", "Message-ID: <m4@example.org>\r\n\r\nbounce of a bounce\r\n", rcpt("nobody@example.test"));
        awaitEmptyQueue();
        assertThat(inbox("carol@example.test")).hasSize(1);
    }

    @Test
    void notifyNeverAndSuccessAreHonoured() throws Exception {
        send("carol@example.test", "Message-ID: <m5@example.org>\r\n\r\nx\r\n",
                new EnvelopeRecipient(mailbox("ghost@example.test"), new RcptParameters(Set.of(DsnNotify.NEVER), Optional.empty())),
                new EnvelopeRecipient(mailbox("bob@example.test"), new RcptParameters(Set.of(DsnNotify.SUCCESS), Optional.empty())));
        awaitInbox("bob@example.test", 1);
        awaitInbox("carol@example.test", 1);
        awaitEmptyQueue();
        List<String> carol = inbox("carol@example.test");
        assertThat(carol).hasSize(1);
        assertThat(carol.getFirst()).contains("Action: delivered").contains("Final-Recipient: rfc822; bob@example.test")
                .doesNotContain("ghost@example.test");
    }

    @Test
    void aDeliveryRepeatedAfterACrashIsNotDoubled() throws Exception {
        runner.close(); // deliver by hand: append, then "crash" before the queue records it, then deliver again
        QueuedMessage m = send("sender@example.org", "Message-ID: <m6@example.org>\r\n\r\nonce\r\n", rcpt("bob@example.test"));
        MailboxDelivery delivery = new MailboxDelivery(foundation.directory(), foundation.store(), foundation.tracking(),
                Clock.systemUTC());
        var routed = List.of(m.recipients().getFirst().withRoute("mailbox"));
        assertThat(delivery.deliver(m, routed, queue, "<m6@example.org>")).extracting(r -> r.kind().name()).containsExactly("DELIVERED");
        assertThat(delivery.deliver(m, routed, queue, "<m6@example.org>")).extracting(r -> r.kind().name()).containsExactly("DELIVERED");
        assertThat(inbox("bob@example.test")).hasSize(1);
        assertThat(foundation.tracking().search(TrackingQuery.all().withMessageId("<m6@example.org>")))
                .anyMatch(e -> e.detail().contains("already delivered"));
    }
}

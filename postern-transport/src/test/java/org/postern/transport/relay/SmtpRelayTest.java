package org.postern.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.config.PosternConfig;
import org.postern.core.config.TransportConfig;
import org.postern.core.testing.MemoryTrackingLog;
import org.postern.core.testing.SmtpSink;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.protocols.smtp.DsnNotify;
import org.postern.protocols.smtp.DsnReturn;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.Orcpt;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.transport.delivery.DeliveryResult;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.JournalQueue;
import org.postern.transport.queue.MessageContent;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;

/**
 * The hub's SMTP client against Postfix's smtp-sink on loopback: pipelining, one connection
 * for several messages, DSN parameters, per-recipient replies, TLS required against a server
 * without STARTTLS, SMTPUTF8 refused, a closed port and a dropped connection, and the MX path
 * through a local DNS server. No test contacts a non-loopback address.
 */
class SmtpRelayTest {

    @TempDir
    Path tmp;

    JournalQueue queue;
    final MemoryTrackingLog tracking = new MemoryTrackingLog();
    final List<TrackingEvent> events = tracking.events;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        queue = JournalQueue.open(tmp.resolve("queue"));
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        queue.close();
    }

    SmtpSink sink(String... options) throws Exception {
        SmtpSink s = SmtpSink.start(options);
        closing.add(s);
        return s;
    }

    SmtpRelay relay(RelaySettings settings, Optional<MxResolver> resolver) throws Exception {
        SmtpRelay r = SmtpRelay.create(settings.withTimeouts(ClientTimeouts.all(Duration.ofSeconds(10))), resolver,
                Optional.empty(), tracking);
        closing.add(r);
        return r;
    }

    SmtpRelay viaSmartHost(int port) throws Exception {
        return relay(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.1", port)), Optional.empty());
    }

    static Mailbox mailbox(String address) {
        int at = address.indexOf('@');
        return new Mailbox(address.substring(0, at), address.substring(at + 1));
    }

    QueuedMessage message(String subject, MailParameters params, EnvelopeRecipient... to) throws Exception {
        String body = "From: <alice@example.test>\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@example.test>\r\n\r\n.leading dot\r\nbody\r\n";
        return queue.enqueue(new Envelope(mailbox("alice@example.test"), List.of(to), params, Origin.local("test"), Instant.now()),
                MessageContent.of(body.getBytes(StandardCharsets.UTF_8)));
    }

    static EnvelopeRecipient rcpt(String address) {
        return new EnvelopeRecipient(mailbox(address), RcptParameters.NONE);
    }

    List<DeliveryResult> deliver(SmtpRelay relay, QueuedMessage m, String domain) {
        List<RecipientState> recipients = m.recipients().stream().map(r -> r.withRoute("smtp:" + domain)).toList();
        return relay.deliver(m, domain, recipients, queue, "<" + m.id() + "@example.test>");
    }

    @Test
    void severalMessagesGoPipelinedOverOneConnectionWithRsetBetween() throws Exception {
        SmtpSink sink = sink();
        // An idle time no slow machine reaches before the end, where the connection must still be kept.
        SmtpRelay relay = relay(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.1", sink.port()))
                .withIdleConnectionTime(Duration.ofMinutes(5)), Optional.empty());
        for (int i = 0; i < 3; i++) {
            QueuedMessage m = message("reuse-" + i, MailParameters.NONE, rcpt("bob@remote.test"), rcpt("carol@remote.test"));
            assertThat(deliver(relay, m, "remote.test")).allSatisfy(r -> {
                assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED);
                assertThat(r.reply()).startsWith("250 2.0.0 ").contains("127.0.0.1[127.0.0.1]:" + sink.port());
            });
        }
        sink.awaitCommand(".", 3, Duration.ofSeconds(30));
        List<String> commands = sink.commands();
        assertThat(commands.stream().filter(c -> c.startsWith("EHLO"))).as("one connection: %s", commands).hasSize(1);
        assertThat(commands.stream().filter(c -> c.startsWith("RSET"))).hasSize(2);
        assertThat(commands.stream().filter(c -> c.startsWith("MAIL FROM:<alice@example.test>"))).hasSize(3);
        assertThat(commands).contains("EHLO hub.example.test", "RCPT TO:<bob@remote.test>", "RCPT TO:<carol@remote.test>");
        assertThat(sink.transcript()).doesNotContain("STARTTLS");
        // smtp-sink's dump has the message as received, dot-unstuffed, with LF line ends
        assertThat(sink.dumps()).hasSize(3).allSatisfy(d -> assertThat(d).contains("\n.leading dot\nbody\n")
                .doesNotContain("..leading"));
        assertThat(events).filteredOn(e -> e.type() == TrackingEventType.SEND).hasSize(3).allSatisfy(e -> {
            assertThat(e.recipients()).containsExactly("bob@remote.test", "carol@remote.test");
            assertThat(e.destination()).isEqualTo("127.0.0.1[127.0.0.1]:" + sink.port());
            assertThat(e.detail()).contains("no TLS");
        });
        assertThat(relay.idleConnections()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionIsClosedWithQuitAfterTheIdleTime() throws Exception {
        SmtpSink sink = sink();
        SmtpRelay relay = relay(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.1", sink.port()))
                .withIdleConnectionTime(Duration.ofMillis(300)), Optional.empty());
        assertThat(deliver(relay, message("idle", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .extracting(DeliveryResult::kind).containsExactly(DeliveryResult.Kind.DELIVERED);
        // closed by the reaper once the 300 ms are over, whenever it gets to run on a busy machine
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (relay.idleConnections() > 0 && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(relay.idleConnections()).isZero();
        sink.awaitCommand("QUIT", 1, Duration.ofSeconds(30));
        assertThat(sink.commands()).contains("QUIT");
        assertThat(deliver(relay, message("idle-2", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .extracting(DeliveryResult::kind).containsExactly(DeliveryResult.Kind.DELIVERED);
        // smtp-sink writes its transcript on its own time: wait for the second session's EHLO to be in it
        sink.awaitCommand("EHLO", 2, Duration.ofSeconds(30));
        assertThat(sink.commands().stream().filter(c -> c.startsWith("EHLO"))).hasSize(2);
    }

    @Test
    void theIdleTimeIsTheConfigurationsAndFiveSecondsUnlessSet() throws Exception {
        assertThat(RelaySettings.from(TransportConfig.defaults(), tmp, "hub.example.test").idleConnectionTime())
                .isEqualTo(Duration.ofSeconds(5));
        SmtpSink sink = sink();
        Path yaml = Files.writeString(tmp.resolve("postern.yaml"), "transport: {smart_host: {host: 127.0.0.1, port: "
                + sink.port() + "}, idle_connection_time: 1s}\n");
        RelaySettings settings = RelaySettings.from(PosternConfig.load(yaml).transport(), tmp, "hub.example.test");
        assertThat(settings.idleConnectionTime()).isEqualTo(Duration.ofSeconds(1));
        SmtpRelay relay = relay(settings, Optional.empty());
        assertThat(deliver(relay, message("configured-idle", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .extracting(DeliveryResult::kind).containsExactly(DeliveryResult.Kind.DELIVERED);
        sink.awaitCommand("QUIT", 1, Duration.ofSeconds(30)); // the reaper says QUIT once the idle time is over
        assertThat(relay.idleConnections()).isZero();
    }

    @Test
    void withoutPipeliningEachCommandWaitsForItsReply() throws Exception {
        SmtpSink sink = sink("-p");
        SmtpRelay relay = viaSmartHost(sink.port());
        assertThat(deliver(relay, message("nopipe", MailParameters.NONE, rcpt("bob@remote.test"), rcpt("dave@remote.test")), "remote.test"))
                .extracting(DeliveryResult::kind).containsOnly(DeliveryResult.Kind.DELIVERED);
        assertThat(sink.dumps()).singleElement().satisfies(d -> assertThat(d).contains("Subject: nopipe"));
    }

    @Test
    void dsnParametersPassWhenTheServerOffersDsnAndOnlyThen() throws Exception {
        MailParameters params = new MailParameters(OptionalLong.empty(), Optional.empty(), false, Optional.of(DsnReturn.HDRS),
                Optional.of("env+1"), Optional.of("alice@example.test"));
        EnvelopeRecipient r = new EnvelopeRecipient(mailbox("bob@remote.test"),
                new RcptParameters(Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE), Optional.of(new Orcpt("rfc822", "bob@remote.test"))));
        SmtpSink dsn = sink();
        assertThat(deliver(viaSmartHost(dsn.port()), message("dsn", params, r), "remote.test"))
                .extracting(DeliveryResult::kind).containsExactly(DeliveryResult.Kind.DELIVERED);
        dsn.awaitCommand(".", 1, Duration.ofSeconds(30));
        assertThat(dsn.commands()).contains("MAIL FROM:<alice@example.test> RET=HDRS ENVID=env+2B1",
                "RCPT TO:<bob@remote.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@remote.test");

        SmtpSink plain = sink("-N");
        assertThat(deliver(viaSmartHost(plain.port()), message("nodsn", params, r), "remote.test"))
                .extracting(DeliveryResult::kind).containsExactly(DeliveryResult.Kind.DELIVERED);
        plain.awaitCommand(".", 1, Duration.ofSeconds(30));
        assertThat(plain.commands()).contains("MAIL FROM:<alice@example.test>", "RCPT TO:<bob@remote.test>");
    }

    @Test
    void refusalsArePerRecipientPermanentOrTemporaryAsTheReplySays() throws Exception {
        SmtpSink hard = sink("-f", "RCPT");
        assertThat(deliver(viaSmartHost(hard.port()), message("hard", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
                    assertThat(r.reply()).startsWith("500 5.3.0").contains("in reply to RCPT TO");
                });
        SmtpSink soft = sink("-r", "RCPT");
        assertThat(deliver(viaSmartHost(soft.port()), message("soft", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
                    assertThat(r.reply()).startsWith("450 4.3.0");
                });
        assertThat(soft.commands()).noneMatch(c -> c.startsWith("DATA"));
        SmtpSink data = sink("-f", ".");
        assertThat(deliver(viaSmartHost(data.port()), message("dot", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
                    assertThat(r.reply()).contains("in reply to end of data");
                });
    }

    @Test
    void tlsRequiredAgainstAServerWithoutStartTlsDefersAndSendsNothing() throws Exception {
        SmtpSink sink = sink();
        SmtpRelay relay = relay(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.1", sink.port()))
                .withTlsPolicy("secure.test", TlsPolicy.REQUIRE), Optional.empty());
        assertThat(deliver(relay, message("tls", MailParameters.NONE, rcpt("bob@secure.test")), "secure.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
                    assertThat(r.reply()).startsWith("451 4.7.5 TLS is required for secure.test").contains("does not offer STARTTLS");
                });
        Thread.sleep(200);
        assertThat(sink.commands()).noneMatch(c -> c.startsWith("MAIL") || c.startsWith("RCPT") || c.startsWith("DATA"));
        assertThat(sink.dumps()).isEmpty();
        assertThat(relay.idleConnections()).isZero();
        assertThat(deliver(relay, message("other", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .as("another domain's policy is opportunistic").extracting(DeliveryResult::kind)
                .containsExactly(DeliveryResult.Kind.DELIVERED);
    }

    @Test
    void aNextHopThatGreetsWithOurOwnNameIsAMailLoop() throws Exception {
        SmtpSink us = sink("-h", "hub.example.test");
        assertThat(deliver(viaSmartHost(us.port()), message("loop", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
                    assertThat(r.reply()).startsWith("554 5.4.6 Mail for remote.test loops back to myself");
                });
        assertThat(us.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void smtpUtf8IsNotSentToAServerWithoutIt() throws Exception {
        SmtpSink sink = sink();
        MailParameters utf8 = new MailParameters(OptionalLong.empty(), Optional.empty(), true, Optional.empty(), Optional.empty(), Optional.empty());
        assertThat(deliver(viaSmartHost(sink.port()), message("utf8", utf8, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
                    assertThat(r.reply()).startsWith("550 5.6.7 ");
                });
        assertThat(sink.commands()).noneMatch(c -> c.startsWith("MAIL"));
    }

    @Test
    void aClosedPortOrADroppedConnectionIsTemporary() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        assertThat(deliver(viaSmartHost(closed), message("closed", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
                    assertThat(r.reply()).startsWith("451 4.4.1 Cannot connect to 127.0.0.1[127.0.0.1]:" + closed);
                });
        SmtpSink dropping = sink("-q", ".");
        SmtpRelay relay = viaSmartHost(dropping.port());
        assertThat(deliver(relay, message("dropped", MailParameters.NONE, rcpt("bob@remote.test")), "remote.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
                    assertThat(r.reply()).startsWith("451 4.4.2 Connection to 127.0.0.1[127.0.0.1]:" + dropping.port() + " lost");
                });
        assertThat(relay.idleConnections()).isZero();
    }

    @Test
    void aServerThatStopsReadingTheDataIsGivenUpAfterTheDataBlockTimeout() throws Exception {
        // smtp-sink waits 30 s before reading after DATA, on a small TCP window: the client's writes
        // block. Every other timeout is longer than that wait, so only the data block timeout can
        // end this delivery before the sink reads and takes the message.
        SmtpSink slow = sink("-H", "30", "-T", "4096");
        ClientTimeouts t = ClientTimeouts.all(Duration.ofMinutes(2));
        SmtpRelay relay = SmtpRelay.create(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.1", slow.port()))
                .withTimeouts(new ClientTimeouts(t.connect(), t.greeting(), t.mail(), t.rcpt(), t.dataInit(), Duration.ofMillis(800),
                        t.dataTermination(), t.command())), Optional.empty(), Optional.empty(), tracking);
        closing.add(relay);
        byte[] big = ("Subject: big\r\n\r\n" + "x".repeat(998) + "\r\n").repeat(8_000).getBytes(StandardCharsets.US_ASCII);
        QueuedMessage m = queue.enqueue(new Envelope(mailbox("alice@example.test"), List.of(rcpt("bob@remote.test")),
                MailParameters.NONE, Origin.local("test"), Instant.now()), MessageContent.of(big));
        Instant start = Instant.now();
        assertThat(deliver(relay, m, "remote.test")).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
            assertThat(r.reply()).startsWith("451 4.4.2 Connection to 127.0.0.1");
        });
        assertThat(Duration.between(start, Instant.now())).as("given up before smtp-sink read the data")
                .isLessThan(Duration.ofSeconds(25));
        assertThat(relay.idleConnections()).isZero();
    }

    @Test
    void mxLookUpThroughALocalDnsServerFindsTheExchanger() throws Exception {
        SmtpSink sink = sink();
        LocalDns dns = new LocalDns()
                .add(new MXRecord(Name.fromString("mx.test."), DClass.IN, 60, 10, Name.fromString("mail.mx.test.")))
                .add(new ARecord(Name.fromString("mail.mx.test."), DClass.IN, 60, InetAddress.getByName("127.0.0.1")))
                .add(new MXRecord(Name.fromString("nomail.test."), DClass.IN, 60, 0, Name.root));
        closing.add(dns);
        RelaySettings settings = RelaySettings.mx("hub.example.test").withMxPort(sink.port());
        SmtpRelay relay = relay(settings, Optional.of(DnsMxResolver.forServers(List.of(dns.server()), Duration.ofSeconds(30))));
        assertThat(deliver(relay, message("mx", MailParameters.NONE, rcpt("bob@mx.test")), "mx.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED);
                    assertThat(r.reply()).contains("mail.mx.test[127.0.0.1]:" + sink.port());
                });
        assertThat(events).filteredOn(e -> e.type() == TrackingEventType.SEND).singleElement()
                .satisfies(e -> assertThat(e.destination()).isEqualTo("mail.mx.test[127.0.0.1]:" + sink.port()));
        assertThat(deliver(relay, message("nullmx", MailParameters.NONE, rcpt("bob@nomail.test")), "nomail.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
                    assertThat(r.reply()).startsWith("556 5.1.10 ");
                });
        assertThat(deliver(relay, message("nx", MailParameters.NONE, rcpt("bob@nowhere.test")), "nowhere.test"))
                .singleElement().satisfies(r -> {
                    assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.PERMANENT);
                    assertThat(r.reply()).startsWith("550 5.1.2 ");
                });
    }

}

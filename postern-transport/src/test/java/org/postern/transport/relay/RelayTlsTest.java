package org.postern.transport.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.MemoryTrackingLog;
import org.postern.core.testing.SmtpSink;
import org.postern.core.tracking.TrackingEvent;
import org.postern.core.tracking.TrackingEventType;
import org.postern.protocols.smtp.MailParameters;
import org.postern.protocols.smtp.Mailbox;
import org.postern.protocols.smtp.RcptParameters;
import org.postern.transport.delivery.DeliveryResult;
import org.postern.transport.queue.Envelope;
import org.postern.transport.queue.EnvelopeRecipient;
import org.postern.transport.queue.JournalQueue;
import org.postern.transport.queue.MessageContent;
import org.postern.transport.queue.Origin;
import org.postern.transport.queue.QueuedMessage;
import org.postern.transport.queue.RecipientState;

/**
 * STARTTLS on the way out (RFC 3207): opportunistic TLS takes any certificate; required TLS
 * takes only a trusted one that names the host, and otherwise defers with 4.7.5 without a
 * single MAIL in plain text; smart host credentials go only over TLS.
 */
class RelayTlsTest {

    @TempDir
    Path tmp;

    /** One certificate for the class: key generation is the slow part. */
    @TempDir
    static Path certificates;

    JournalQueue queue;
    StartTlsServer server;
    final MemoryTrackingLog tracking = new MemoryTrackingLog();
    final List<TrackingEvent> events = tracking.events;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        queue = JournalQueue.open(tmp.resolve("queue"));
        server = new StartTlsServer(certificates, InetAddress.getByName("127.0.0.1"));
        closing.add(server);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        queue.close();
    }

    SmtpRelay relay(RelaySettings settings, Optional<Path> trust) throws Exception {
        SmtpRelay r = SmtpRelay.create(settings.withTimeouts(ClientTimeouts.all(Duration.ofSeconds(10))), Optional.empty(),
                trust, tracking);
        closing.add(r);
        return r;
    }

    List<DeliveryResult> deliver(SmtpRelay relay, String to) throws Exception {
        int at = to.indexOf('@');
        String domain = to.substring(at + 1);
        QueuedMessage m = queue.enqueue(new Envelope(new Mailbox("alice", "example.test"),
                        List.of(new EnvelopeRecipient(new Mailbox(to.substring(0, at), domain), RcptParameters.NONE)),
                        MailParameters.NONE, Origin.local("test"), Instant.now()),
                MessageContent.of("Subject: tls\r\n\r\nsecret\r\n".getBytes(StandardCharsets.UTF_8)));
        List<RecipientState> recipients = m.recipients().stream().map(r -> r.withRoute("smtp:" + domain)).toList();
        return relay.deliver(m, domain, recipients, queue, "<tls@example.test>");
    }

    RelaySettings via(String host) {
        return RelaySettings.mx("hub.example.test").withSmartHost(new NextHop(host, server.port()));
    }

    @Test
    void opportunisticTlsTakesASelfSignedCertificate() throws Exception {
        assertThat(deliver(relay(via("127.0.0.1"), Optional.empty()), "bob@any.test")).singleElement()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED));
        assertThat(server.commands).contains("PLAIN EHLO hub.example.test", "PLAIN STARTTLS", "TLS EHLO hub.example.test",
                "TLS MAIL FROM:<alice@example.test>", "TLS .").noneMatch(c -> c.startsWith("PLAIN MAIL"));
        assertThat(events).filteredOn(e -> e.type() == TrackingEventType.SEND).singleElement()
                .satisfies(e -> assertThat(e.detail()).contains(" TLS TLSv1."));
    }

    @Test
    void aFailedOpportunisticHandshakeIsRetriedInPlainTextButARequiredOneIsNot() throws Exception {
        server.brokenTls = true;
        assertThat(deliver(relay(via("127.0.0.1"), Optional.empty()), "bob@any.test")).singleElement()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED));
        assertThat(server.commands).containsSubsequence("PLAIN STARTTLS", "BROKEN TLS", "PLAIN EHLO hub.example.test",
                "PLAIN MAIL FROM:<alice@example.test>");
        server.commands.clear();
        SmtpRelay required = relay(via("127.0.0.1").withTlsPolicy("secure.test", TlsPolicy.REQUIRE), Optional.of(server.certificate));
        assertThat(deliver(required, "bob@secure.test")).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
            assertThat(r.reply()).startsWith("451 4.7.5 TLS with ");
        });
        assertThat(server.commands).noneMatch(c -> c.contains("MAIL"));
    }

    @Test
    void requiredTlsWithATrustedCertificateNamingTheHostDelivers() throws Exception {
        SmtpRelay relay = relay(via("127.0.0.1").withTlsPolicy("secure.test", TlsPolicy.REQUIRE), Optional.of(server.certificate));
        assertThat(deliver(relay, "bob@secure.test")).singleElement()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED));
        assertThat(server.commands).contains("TLS MAIL FROM:<alice@example.test>");
    }

    @Test
    void requiredTlsWithAnUntrustedCertificateDefersAndSendsNothing() throws Exception {
        SmtpRelay relay = relay(via("127.0.0.1").withTlsPolicy("secure.test", TlsPolicy.REQUIRE), Optional.empty());
        assertThat(deliver(relay, "bob@secure.test")).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
            assertThat(r.reply()).startsWith("451 4.7.5 TLS with 127.0.0.1[127.0.0.1]:" + server.port() + " failed");
        });
        assertThat(server.commands).noneMatch(c -> c.contains("MAIL") || c.contains("RCPT"));
    }

    @Test
    void requiredTlsWithACertificateForAnotherNameDefers() throws Exception {
        // the certificate names tls.test, localhost and 127.0.0.1 — not 127.0.0.2
        StartTlsServer other = new StartTlsServer(certificates, InetAddress.getByName("127.0.0.2"));
        closing.add(other);
        SmtpRelay relay = relay(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.2", other.port()))
                .withTlsPolicy("secure.test", TlsPolicy.REQUIRE), Optional.of(other.certificate));
        assertThat(deliver(relay, "bob@secure.test")).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
            assertThat(r.reply()).startsWith("451 4.7.5 ");
        });
        assertThat(other.commands).noneMatch(c -> c.contains("MAIL"));
    }

    @Test
    void smartHostCredentialsGoOnlyOverTls() throws Exception {
        RelaySettings.Credentials hub = new RelaySettings.Credentials("hub", "relay-secret");
        assertThat(deliver(relay(via("127.0.0.1").withCredentials(hub), Optional.empty()), "bob@any.test")).singleElement()
                .satisfies(r -> assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.DELIVERED));
        assertThat(server.commands).contains("TLS AUTH PLAIN AGh1YgByZWxheS1zZWNyZXQ=").noneMatch(c -> c.startsWith("PLAIN AUTH"));

        SmtpSink sink = SmtpSink.start(); // offers AUTH, but no STARTTLS
        closing.add(sink);
        SmtpRelay plain = relay(RelaySettings.mx("hub.example.test").withSmartHost(new NextHop("127.0.0.1", sink.port()))
                .withCredentials(hub), Optional.empty());
        assertThat(deliver(plain, "bob@any.test")).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo(DeliveryResult.Kind.TEMPORARY);
            assertThat(r.reply()).startsWith("451 4.7.5 Not sending credentials");
        });
        Thread.sleep(200);
        assertThat(sink.commands()).noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL"));
    }
}

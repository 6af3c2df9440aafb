package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
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
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.Folder;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.core.testing.ExternalTool;
import org.postern.core.tracking.TrackingEventType;
import org.postern.core.tracking.TrackingQuery;
import org.postern.server.PosternProcess.Result;

/**
 * The relay test of issue 3: two {@code postern run} processes on one machine, two data
 * folders and two port offsets. Hub A (example.test) has hub B (remote.test) as its smart
 * host with TLS required for remote.test and B's certificate as its trust anchor; a route
 * sends unreachable.test to a closed loopback port; the retry policy is shortened so that
 * expiry comes within the test. Mail is submitted to A with swaks (587, STARTTLS, AUTH).
 */
class RelayTest {

    @TempDir
    static Path tmp;

    static RunningServer hubA;
    static RunningServer hubB;
    static String dataA;
    static String dataB;
    static int offsetA;
    static int offsetB;
    static int closedPort;

    @BeforeAll
    static void start() throws Exception {
        dataA = tmp.resolve("a").toString();
        dataB = tmp.resolve("b").toString();
        offsetB = FreePorts.offset();
        do {
            offsetA = FreePorts.offset();
        } while (Math.abs(offsetA - offsetB) < 9000);
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        Files.createDirectories(Path.of(dataB));
        Files.writeString(Path.of(dataB, "postern.yaml"), "hostname: hub-b.remote.test\n");
        hubB = RunningServer.start("--data", dataB, "--port-offset", Integer.toString(offsetB));
        assertThat(PosternProcess.call(null, "domain", "add", "remote.test", "--data", dataB).exitStatus()).isZero();
        Result bob = PosternProcess.call("secret-bob\n", "user", "add", "bob@remote.test", "--password-stdin", "--data", dataB);
        assertThat(bob.exitStatus()).as("%s", bob).isZero();

        Files.createDirectories(Path.of(dataA));
        Files.writeString(Path.of(dataA, "postern.yaml"), """
                hostname: hub-a.example.test
                transport:
                  smart_host: {host: 127.0.0.1, port: %d}
                  tls_policies: [{domain: remote.test, tls: require}]
                  routes: [{domain: unreachable.test, host: 127.0.0.1, port: %d}]
                  trusted_certificates: %s
                  retry: {backoff: [2s], expiry: 25s, delay_notice: 1h}
                """.formatted(25 + offsetB, closedPort, Path.of(dataB, "tls", "certificate.pem")));
        hubA = RunningServer.start("--data", dataA, "--port-offset", Integer.toString(offsetA));
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", dataA).exitStatus()).isZero();
        Result alice = PosternProcess.call("secret-alice\n", "user", "add", "alice@example.test", "--password-stdin", "--data", dataA);
        assertThat(alice.exitStatus()).as("%s", alice).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        for (RunningServer s : new RunningServer[] {hubA, hubB}) {
            if (s != null) {
                assertThat(s.stop()).isIn(0, 143);
            }
        }
    }

    static ExternalTool.Result submit(String to, String subject) throws Exception {
        return submit(tmp, 587 + offsetA, to, subject, "Hello over the relay.");
    }

    /**
     * swaks submits a message from alice@example.test (password {@code secret-alice}) with
     * STARTTLS and AUTH PLAIN to the submission port; the Message-ID is {@code <subject@example.test>}.
     */
    static ExternalTool.Result submit(Path dir, int submissionPort, String to, String subject, String body) throws Exception {
        String message = "From: <alice@example.test>\r\nTo: <" + to + ">\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject
                + "@example.test>\r\nDate: Sat, 28 Nov 2026 09:00:00 +0000\r\n\r\n" + body + "\r\n";
        Path file = Files.writeString(dir.resolve(subject + ".eml"), message);
        return ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(submissionPort), "-tls",
                "--auth", "PLAIN", "--auth-user", "alice@example.test", "--auth-password", "secret-alice",
                "--from", "alice@example.test", "--to", to, "--data", "@" + file), Duration.ofSeconds(60));
    }

    /** The owner's Inbox on a hub, waiting up to {@code limit} until one message matches. */
    static List<String> inbox(String data, String owner, Predicate<String> wanted, Duration limit) throws Exception {
        Instant deadline = Instant.now().plus(limit);
        while (true) {
            List<String> found = new ArrayList<>();
            try (Foundation f = Foundation.open(new DataFolder(Path.of(data), null), PosternConfig.defaults())) {
                Optional<Folder> inbox = f.store().findFolder(EmailAddress.parse(owner), SpecialUse.INBOX);
                if (inbox.isPresent()) { // none before the first delivery makes the mailbox
                    for (MessageMetadata m : f.store().fetch(inbox.get().id(), UidSet.all())) {
                        try (InputStream in = f.store().openContent(inbox.get().id(), m.uid())) {
                            found.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            if (found.stream().anyMatch(wanted) || Instant.now().isAfter(deadline)) {
                return found;
            }
            Thread.sleep(200);
        }
    }

    /** The first Received field (unfolded) that names {@code host} after "by". */
    static String receivedBy(String message, String host) {
        String head = message.substring(0, message.indexOf("\r\n\r\n") + 2);
        List<String> fields = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.getLast() + " " + line.strip());
            } else {
                fields.add(line);
            }
        }
        return fields.stream().filter(f -> f.startsWith("Received:") && f.contains("by " + host + " ")).findFirst().orElse("");
    }

    static String queueList() {
        return queueList(dataA);
    }

    /** {@code postern queue list} of a hub's data folder. */
    static String queueList(String data) {
        Result list = PosternProcess.call(null, "queue", "list", "--data", data);
        assertThat(list.exitStatus()).as("%s", list).isZero();
        return list.out();
    }

    @Test
    void aMessageSubmittedToHubAArrivesOnHubBOverTlsExactlyOnce() throws Exception {
        var sent = submit("bob@remote.test", "relayed");
        assertThat(sent.exit()).as("%s", sent).isZero();
        List<String> bob = inbox(dataB, "bob@remote.test", m -> m.contains("Subject: relayed"), Duration.ofSeconds(60));
        assertThat(bob).filteredOn(m -> m.contains("Subject: relayed")).singleElement().satisfies(m -> {
            assertThat(receivedBy(m, "hub-b.remote.test")).as("hub B's Received field")
                    .startsWith("Received: from hub-a.example.test").contains("(using TLSv1.")
                    .contains("by hub-b.remote.test (Postern) with ESMTPS id");
            assertThat(m).contains("Hello over the relay.");
        });
        try (Foundation f = Foundation.open(new DataFolder(Path.of(dataA), null), PosternConfig.defaults())) {
            assertThat(f.tracking().search(TrackingQuery.all().withMessageId("<relayed@example.test>")))
                    .filteredOn(e -> e.type() == TrackingEventType.SEND).singleElement().satisfies(e -> {
                        assertThat(e.recipients()).containsExactly("bob@remote.test");
                        assertThat(e.destination()).isEqualTo("127.0.0.1[127.0.0.1]:" + (25 + offsetB));
                        assertThat(e.detail()).startsWith("250 2.").contains(" TLS TLSv1.");
                    });
        }
        Thread.sleep(3_000);
        assertThat(inbox(dataB, "bob@remote.test", m -> true, Duration.ZERO)).filteredOn(m -> m.contains("Subject: relayed"))
                .as("exactly once").hasSize(1);
        assertThat(queueList()).doesNotContain("bob@remote.test");
    }

    @Test
    void aRecipientRefusedByHubBGetsTheSenderAFailureReport() throws Exception {
        var sent = submit("ghost@remote.test", "refused");
        assertThat(sent.exit()).as("%s", sent).isZero();
        List<String> alice = inbox(dataA, "alice@example.test",
                m -> m.contains("Final-Recipient: rfc822; ghost@remote.test"), Duration.ofSeconds(60));
        assertThat(alice).filteredOn(m -> m.contains("Final-Recipient: rfc822; ghost@remote.test")).singleElement()
                .satisfies(m -> assertThat(m).contains("Action: failed").contains("Status: 5.1.1")
                        .contains("Diagnostic-Code: smtp; 550 5.1.1").contains("Subject: refused"));
    }

    @Test
    void anUnreachableDestinationStaysDeferredThenExpiresWithAFailureReport() throws Exception {
        var sent = submit("carol@unreachable.test", "unreachable");
        assertThat(sent.exit()).as("%s", sent).isZero();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60)); // each look is a JVM start of its own
        String listing = queueList();
        while (!listing.contains("carol@unreachable.test (deferred)") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            listing = queueList();
        }
        assertThat(listing).contains("carol@unreachable.test (deferred)");
        String id = listing.lines().filter(l -> l.contains("carol@unreachable.test")).findFirst().orElseThrow().split("\t")[0];
        Result show = PosternProcess.call(null, "queue", "show", id, "--data", dataA);
        assertThat(show.exitStatus()).as("%s", show).isZero();
        assertThat(show.out()).contains("route smtp:unreachable.test").contains("451 4.4.1 Cannot connect to 127.0.0.1");

        List<String> alice = inbox(dataA, "alice@example.test",
                m -> m.contains("Final-Recipient: rfc822; carol@unreachable.test"), Duration.ofSeconds(90));
        assertThat(alice).filteredOn(m -> m.contains("Final-Recipient: rfc822; carol@unreachable.test")).singleElement()
                .satisfies(m -> assertThat(m).contains("Action: failed").contains("Status: 4.4.7")
                        .contains("Subject: unreachable"));
        assertThat(queueList()).doesNotContain("carol@unreachable.test");
    }
}

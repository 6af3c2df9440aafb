package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * Hub to hub with Kerberos (issue 5, "Server to server"; reference row hub-hub): two
 * {@code postern run} hubs of one organisation in one private MIT realm, each with its own
 * keytab. Hub A routes third.test to hub B as a peer hub ({@code auth: kerberos}): STARTTLS, then
 * AUTH GSSAPI as {@code host/hub-a.example.test}. B is not the destination of third.test, so it
 * relays only for the organisation: A's message is accepted because of that authentication, while
 * the same relay without it (A's route for plain.test, and swaks straight to B's port 25) is the
 * anonymous Internet, refused {@code 550 5.7.1}.
 */
class HubToHubKerberosTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    static MitKdc kdc;
    static RunningServer hubA;
    static RunningServer hubB;
    static String dataA;
    static String dataB;
    static int offsetA;
    static int offsetB;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("swaks");
        kdc = MitKdc.start(tmp.resolve("mit"), "EXAMPLE.TEST");
        Path keytabA = tmp.resolve("hub-a.keytab");
        Path keytabB = tmp.resolve("hub-b.keytab");
        kdc.addServices("hub-a.example.test", keytabA, "smtp", "imap", "pop", "host");
        kdc.addServices("hub-b.example.test", keytabB, "smtp", "imap", "pop", "host");
        dataA = tmp.resolve("a").toString();
        dataB = tmp.resolve("b").toString();
        offsetB = FreePorts.offset();
        do {
            offsetA = FreePorts.offset();
        } while (Math.abs(offsetA - offsetB) < 9000);

        Files.createDirectories(Path.of(dataB));
        Files.writeString(Path.of(dataB, "postern.yaml"), """
                hostname: hub-b.example.test
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                """.formatted(kdc.kdc(), keytabB));
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", dataB).exitStatus()).isZero();
        hubB = RunningServer.start("--data", dataB, "--port-offset", Integer.toString(offsetB));

        Files.createDirectories(Path.of(dataA));
        Files.writeString(Path.of(dataA, "postern.yaml"), """
                hostname: hub-a.example.test
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                transport:
                  outbound: mx
                  dns_servers: ["127.0.0.1:1"]
                  routes:
                    - {domain: third.test, host: 127.0.0.1, port: %d, auth: kerberos}
                    - {domain: plain.test, host: 127.0.0.1, port: %d}
                  retry: {backoff: [2s], expiry: 1h, delay_notice: 1h}
                """.formatted(kdc.kdc(), keytabA, 25 + offsetB, 25 + offsetB));
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", dataA).exitStatus()).isZero();
        Result alice = PosternProcess.call("secret-alice\n", "user", "add", "alice@example.test", "--password-stdin", "--data", dataA);
        assertThat(alice.exitStatus()).as("%s", alice).isZero();
        hubA = RunningServer.start("--data", dataA, "--port-offset", Integer.toString(offsetA));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (RunningServer s : new RunningServer[] {hubA, hubB}) {
                if (s != null) {
                    assertThat(s.stop()).isIn(0, 143);
                }
            }
            // the logs, complete once the servers stopped: who authenticated as what
            if (hubA != null && hubB != null) {
                assertThat(hubB.errorsAfterStop()).contains("mechanism=GSSAPI server=host/hub-a.example.test@EXAMPLE.TEST");
                assertThat(hubA.errorsAfterStop()).contains("authenticated to peer hub 127.0.0.1[127.0.0.1]:" + (25 + offsetB)
                        + " as host/hub-a.example.test@EXAMPLE.TEST (smtp/hub-b.example.test)");
            }
        } finally {
            if (kdc != null) {
                kdc.close();
            }
        }
    }

    static ExternalTool.Result submit(String to, String subject) throws Exception {
        return RelayTest.submit(tmp, 587 + offsetA, to, subject, "Hello, peer hub.");
    }

    static String queue(String data) {
        return RelayTest.queueList(data);
    }

    @Test
    void hubBRelaysForHubABecauseHubAAuthenticatedWithItsHostPrincipal() throws Exception {
        var sent = submit("carol@third.test", "peer");
        assertThat(sent.exit()).as("%s", sent).isZero();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!queue(dataB).contains("carol@third.test") && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        String onB = queue(dataB);
        assertThat(onB).as("hub B took the message for a domain it does not accept").contains("carol@third.test");
        String id = onB.lines().filter(l -> l.contains("carol@third.test")).findFirst().orElseThrow().split("\t")[0];
        Result show = PosternProcess.call(null, "queue", "show", id, "--data", dataB);
        assertThat(show.out()).contains("Received-From: SMTP 127.0.0.1 (hub-a.example.test)");
        // the MIT KDC issued hub A's host principal a ticket for hub B's smtp service
        assertThat(kdc.log()).contains("host/hub-a.example.test@EXAMPLE.TEST for smtp/hub-b.example.test@EXAMPLE.TEST");
        assertThat(queue(dataA)).doesNotContain("carol@third.test");
    }

    @Test
    void withoutKerberosHubAIsTheInternetToHubBAndTheRelayIsRefused() throws Exception {
        var sent = submit("dave@plain.test", "anonymous");
        assertThat(sent.exit()).as("%s", sent).isZero();
        List<String> alice = RelayTest.inbox(dataA, "alice@example.test",
                m -> m.contains("Final-Recipient: rfc822; dave@plain.test"), Duration.ofSeconds(60));
        assertThat(alice).filteredOn(m -> m.contains("Final-Recipient: rfc822; dave@plain.test")).singleElement()
                .satisfies(m -> assertThat(m).contains("Action: failed").contains("Diagnostic-Code: smtp; 550 5.7.1"));
        assertThat(queue(dataB)).doesNotContain("dave@plain.test");
    }

    @Test
    void swaksStraightToHubBPort25WithTlsButNoAuthCannotRelay() throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(25 + offsetB),
                "-tls", "--from", "alice@example.test", "--to", "erin@third.test", "--helo", "hub-a.example.test"),
                Duration.ofSeconds(60));
        assertThat(r.exit()).as("%s", r).isEqualTo(24);
        assertThat(r.out()).contains("<~* 550 5.7.1").contains("AUTH PLAIN LOGIN GSSAPI");
    }

    @Test
    void theHubHubRowIsDeclaredWithKerberosAndTlsAndMeetsTheReference() throws Exception {
        Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", dataA);
        assertThat(r.exitStatus()).as("%s", r).isZero();
        JsonNode row = null;
        for (JsonNode n : JSON.readTree(r.out())) {
            if (n.get("id").asText().equals("hub-hub")) {
                row = n;
            }
        }
        assertThat(row).as("hub-hub row in %s", r.out()).isNotNull();
        assertThat(row.get("default_auth").toString()).contains("kerberos");
        assertThat(row.get("encryption").asText()).isEqualTo("tls");
        assertThat(ReferenceTable.load().differences(row)).isEmpty();
        assertThat(hubA.output()).contains("Hub Transport server to Hub Transport server");
    }
}

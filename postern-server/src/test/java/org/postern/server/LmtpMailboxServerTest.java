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
 * Hub and mailbox in separate processes (issue 5, "Server to server"; reference row
 * hub-mailbox-delivery): {@code postern run --roles hub} and {@code postern run --roles
 * mailbox,cas}, two data folders and offsets, one private MIT realm. swaks gives the hub a
 * message for alice; the hub delivers it by LMTP (STARTTLS, AUTH GSSAPI as its host/ principal)
 * to the mailbox process, and Python's imaplib reads it there. LMTP without Kerberos (swaks
 * speaking LMTP under TLS) may deliver nothing.
 */
class LmtpMailboxServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static MitKdc kdc;
    static RunningServer hub;
    static RunningServer mailbox;
    static String dataHub;
    static String dataMailbox;
    static int offsetHub;
    static int offsetMailbox;

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("python3");
        kdc = MitKdc.start(tmp.resolve("mit"), "EXAMPLE.TEST");
        Path hubKeytab = tmp.resolve("hub.keytab");
        Path mailboxKeytab = tmp.resolve("mailbox.keytab");
        kdc.addServices("hub.example.test", hubKeytab, "smtp", "host");
        kdc.addServices("mb.example.test", mailboxKeytab, "smtp", "imap", "pop", "host");
        dataHub = tmp.resolve("hub").toString();
        dataMailbox = tmp.resolve("mailbox").toString();
        offsetMailbox = FreePorts.offset();
        do {
            offsetHub = FreePorts.offset();
        } while (Math.abs(offsetHub - offsetMailbox) < 9000);

        Files.createDirectories(Path.of(dataMailbox));
        Files.writeString(Path.of(dataMailbox, "postern.yaml"), """
                hostname: mb.example.test
                roles: [mailbox, cas]
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                """.formatted(kdc.kdc(), mailboxKeytab));
        Files.createDirectories(Path.of(dataHub));
        Files.writeString(Path.of(dataHub, "postern.yaml"), """
                hostname: hub.example.test
                roles: [hub]
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                transport:
                  mailbox_server: {host: 127.0.0.1, port: %d}
                  retry: {backoff: [2s], expiry: 1h, delay_notice: 1h}
                """.formatted(kdc.kdc(), hubKeytab, 24 + offsetMailbox));
        for (String data : List.of(dataMailbox, dataHub)) {
            assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data).exitStatus()).isZero();
            Result alice = PosternProcess.call("secret-alice\n", "user", "add", "alice@example.test", "--password-stdin",
                    "--data", data);
            assertThat(alice.exitStatus()).as("%s", alice).isZero();
        }
        mailbox = RunningServer.start("--data", dataMailbox, "--port-offset", Integer.toString(offsetMailbox));
        hub = RunningServer.start("--data", dataHub, "--port-offset", Integer.toString(offsetHub));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            for (RunningServer s : new RunningServer[] {hub, mailbox}) {
                if (s != null) {
                    assertThat(s.stop()).isIn(0, 143);
                }
            }
        } finally {
            if (kdc != null) {
                kdc.close();
            }
        }
    }

    /** imaplib on the mailbox process: the Inbox messages whose subject matches, whole. */
    static String imapRead(String subject) throws Exception {
        String script = """
                import imaplib, ssl, sys
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                m.login('alice@example.test', 'secret-alice')
                m.select('INBOX', readonly=True)
                typ, ids = m.search(None, 'SUBJECT', sys.argv[2])
                for i in ids[0].split():
                    typ, data = m.fetch(i, '(RFC822)')
                    sys.stdout.write(data[0][1].decode('utf-8', 'replace'))
                    sys.stdout.write('\\n=====\\n')
                m.logout()
                """;
        ExternalTool.Result r = ExternalTool.run(List.of("python3", "-c", script, Integer.toString(993 + offsetMailbox), subject),
                TIMEOUT);
        assertThat(r.exit()).as("%s", r).isZero();
        return r.out();
    }

    @Test
    void aMessageToTheHubIsDeliveredByLmtpAndReadWithImapFromTheMailboxProcess() throws Exception {
        ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(25 + offsetHub), "-tls", "--from", "bob@elsewhere.test", "--to", "alice@example.test",
                "--header", "Subject: over-lmtp", "--body", "Delivered by LMTP."), TIMEOUT);
        assertThat(sent.exit()).as("%s", sent).isZero();
        Instant deadline = Instant.now().plus(TIMEOUT);
        String found = imapRead("over-lmtp");
        while (!found.contains("Delivered by LMTP.") && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            found = imapRead("over-lmtp");
        }
        assertThat(found).contains("Return-Path: <bob@elsewhere.test>").contains("Subject: over-lmtp")
                .contains("Delivered by LMTP.");
        assertThat(found.split("=====").length - 1).as("exactly once").isEqualTo(1);
        assertThat(kdc.log()).contains("host/hub.example.test@EXAMPLE.TEST for smtp/mb.example.test@EXAMPLE.TEST");
        Result queue = PosternProcess.call(null, "queue", "list", "--data", dataHub);
        assertThat(queue.out()).doesNotContain("alice@example.test");
    }

    @Test
    void lmtpWithoutKerberosDeliversNothing() throws Exception {
        ExternalTool.Result r = ExternalTool.run(List.of("swaks", "--protocol", "LMTP", "--server", "127.0.0.1", "--port",
                Integer.toString(24 + offsetMailbox), "-tls", "--from", "eve@elsewhere.test", "--to", "alice@example.test",
                "--header", "Subject: forged-lmtp"), TIMEOUT);
        assertThat(r.exit()).as("%s", r).isNotZero();
        assertThat(r.out()).contains("LHLO").contains("530 5.7.0");
        assertThat(imapRead("forged-lmtp")).doesNotContain("forged-lmtp");
    }

    @Test
    void bothProcessesDeclareHubMailboxDeliveryAsLmtpWithKerberosOverTls() throws Exception {
        for (String data : List.of(dataHub, dataMailbox)) {
            Result r = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data);
            assertThat(r.exitStatus()).as("%s", r).isZero();
            JsonNode row = null;
            for (JsonNode n : JSON.readTree(r.out())) {
                if (n.get("id").asText().equals("hub-mailbox-delivery")) {
                    row = n;
                }
            }
            assertThat(row).as("hub-mailbox-delivery in %s", r.out()).isNotNull();
            assertThat(row.get("carrier").asText()).isEqualTo("network");
            assertThat(row.get("default_auth").toString()).contains("kerberos");
            assertThat(row.get("encryption").asText()).isEqualTo("tls");
            assertThat(ReferenceTable.load().differences(row)).isEmpty();
        }
        assertThat(mailbox.output()).contains("LMTP (STARTTLS, AUTH GSSAPI by hubs of the organisation only) on 0.0.0.0:"
                + (24 + offsetMailbox));
    }
}

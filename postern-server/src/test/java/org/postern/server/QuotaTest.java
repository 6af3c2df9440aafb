package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * Storage quotas (RFC 9208, docs/adr/0023-storage-quota.md) on a real {@code postern run}:
 * {@code store.quota} in postern.yaml as the default, {@code postern user quota} for one user's
 * own; Python's imaplib sees QUOTA and QUOTA=RES-STORAGE, GETQUOTAROOT, GETQUOTA, an APPEND and a
 * COPY refused with {@code NO [OVERQUOTA]} and nothing stored, SETQUOTA refused; swaks gets
 * {@code 552 5.2.2} at RCPT for a full mailbox while the other recipient of the same transaction
 * is delivered, and a message that would pass a recipient's limit comes back to the sender as a
 * delivery status notification with status 5.2.2 while the other recipient gets it.
 */
class QuotaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void quotasAreShownByImapAndEnforcedOnAppendCopyAndDelivery() throws Exception {
        ExternalTool.require("python3");
        ExternalTool.require("swaks");
        Path data = tmp.resolve("data");
        TestMailboxes.addExampleUsers(data, "alice", "bob", "carol", "erin");
        Path yaml = data.resolve("postern.yaml");
        String config = Files.readString(yaml);
        assertThat(config).contains("  inline_limit: 131072\n");
        Files.writeString(yaml, config.replace("  inline_limit: 131072\n", "  inline_limit: 131072\n  quota: 16KiB\n"));

        // the command line: the default from postern.yaml, a user's own, none, and back to the default
        assertThat(quota("alice@example.test").out()).contains("alice@example.test: 0 B used of 16 KiB");
        assertThat(quota("alice@example.test", "--limit", "20KiB").out()).contains("0 B used of 20 KiB");
        assertThat(quota("carol@example.test", "--unlimited").out()).contains("carol@example.test: 0 B used of no limit");
        assertThat(quota("erin@example.test", "--unlimited").exitStatus()).isZero();
        assertThat(quota("bob@example.test", "--limit", "1MiB").out()).contains("of 1 MiB");
        assertThat(quota("bob@example.test", "--default").out()).contains("0 B used of 16 KiB");
        Result decimal = quota("bob@example.test", "--limit", "2GB");
        assertThat(decimal.exitStatus()).isEqualTo(1);
        assertThat(decimal.err()).contains("--limit").contains("2GB");
        assertThat(quota("bob@example.test", "--limit", "1KiB", "--unlimited").exitStatus()).isEqualTo(1);
        assertThat(quota("nobody@example.test").exitStatus()).isEqualTo(1);
        assertThat(quota("bob@example.test").out()).contains("of 16 KiB");

        int offset = FreePorts.offset();
        try (RunningServer server = RunningServer.start("--data", data.toString(), "--port-offset", Integer.toString(offset))) {
            imap(offset);
            delivery(data, offset);
            assertThat(server.stop()).isIn(0, 143);
        }
        // the usage the command line reads is the store's, after the server's changes
        assertThat(quota("alice@example.test").out()).contains("16 KiB used of 20 KiB");
    }

    private void imap(int offset) throws Exception {
        Path out = tmp.resolve("quota.json");
        Path script = Path.of(QuotaTest.class.getResource("/imap/imaplib_quota.py").toURI());
        ExternalTool.Result r = ExternalTool.run(List.of("python3", script.toString(), "127.0.0.1",
                Integer.toString(993 + offset), "alice@example.test", "secret-alice", "carol@example.test", "secret-carol",
                out.toString()), TIMEOUT);
        assertThat(r.exit()).as("%s", r).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toFile());
        assertThat(texts(s.get("capabilities"))).contains("QUOTA", "QUOTA=RES-STORAGE").doesNotContain("QUOTASET");
        // GETQUOTAROOT: the one root "" with its QUOTA response (RFC 9208 section 4.2.2), in KiB
        assertThat(s.get("getquotaroot_empty").get(0).asText()).isEqualTo("OK");
        assertThat(s.get("getquotaroot_empty").get(1).get(0).get(0).asText()).isEqualTo("INBOX \"\"");
        assertThat(s.get("getquotaroot_empty").get(1).get(1).get(0).asText()).isEqualTo("\"\" (STORAGE 0 20)");
        assertThat(s.get("append_fits").get(0).asText()).isEqualTo("OK");
        assertThat(s.get("getquota_after_append").get(1).get(0).asText()).isEqualTo("\"\" (STORAGE 8 20)");
        // past the limit: NO [OVERQUOTA] (RFC 9208 section 4.3), nothing stored
        assertThat(s.get("append_over").get(0).asText()).isEqualTo("NO");
        assertThat(s.get("append_over").get(1).get(0).asText()).startsWith("[OVERQUOTA]");
        assertThat(s.get("status_after_refusal").get(0).asText()).contains("(MESSAGES 1)");
        assertThat(s.get("copy_fits").get(0).asText()).isEqualTo("OK");
        assertThat(s.get("copy_over").get(0).asText()).isEqualTo("NO");
        assertThat(s.get("copy_over").get(1).get(0).asText()).startsWith("[OVERQUOTA]");
        assertThat(s.get("move").get(0).asText()).isEqualTo("OK"); // one root: a move changes no usage
        assertThat(s.get("getquota_after_copy").get(1).get(0).asText()).isEqualTo("\"\" (STORAGE 16 20)");
        assertThat(s.get("getquotaroot_junk").get(1).get(0).get(0).asText()).isEqualTo("\"Junk E-mail\" \"\"");
        assertThat(s.get("setquota").get(0).asText()).isEqualTo("NO");
        assertThat(s.get("setquota").get(1).get(0).asText()).startsWith("[NOPERM]");
        assertThat(s.get("getquota_other").get(0).asText()).isEqualTo("NO");
        assertThat(s.get("getquotaroot_nonexistent").get(0).asText()).isEqualTo("NO");
        assertThat(s.get("getquotaroot_nonexistent").get(1).toString()).contains("[NONEXISTENT]");
        // STATUS DELETED-STORAGE (RFC 9208): what an EXPUNGE would free, in KiB
        assertThat(s.get("status_deleted_storage").get(0).asText()).contains("(DELETED 1 DELETED-STORAGE 8)");
        // no limit: no quota root
        assertThat(s.get("free_getquotaroot").get(0).asText()).isEqualTo("OK");
        assertThat(s.get("free_getquotaroot").get(1).get(0).get(0).asText()).isEqualTo("INBOX");
        assertThat(s.get("free_getquotaroot").get(1).get(1).get(0).asText()).isEqualTo("None"); // no QUOTA response
        assertThat(s.get("free_getquota").get(0).asText()).isEqualTo("NO");
    }

    private void delivery(Path data, int offset) throws Exception {
        // bob (16 KiB, the default) gets 10 KiB, then a 9 KiB message to bob and carol: carol has it,
        // bob's copy would pass his limit, and erin (the sender) gets a DSN saying 5.2.2
        assertThat(swaks(offset, "bob@example.test", "first", 10 * 1024).exit()).isZero();
        ExternalTool.Result both = swaks(offset, "bob@example.test,carol@example.test", "would pass", 9 * 1024);
        assertThat(both.exit()).as("%s", both).isZero();
        String dsn = waitFor(offset, "erin", "5.2.2");
        assertThat(dsn).contains("bob@example.test").contains("552 5.2.2");
        assertThat(TestMailboxes.imapSubjects(993 + offset, "carol", Optional.of("would pass"))).containsExactly("would pass");
        assertThat(TestMailboxes.imapSubjects(993 + offset, "bob", Optional.empty())).containsExactly("first");

        // bob's limit lowered under his usage: his mailbox is full, refused at RCPT, carol still gets it
        assertThat(quota("bob@example.test", "--limit", "4KiB").exitStatus()).isZero();
        ExternalTool.Result full = swaks(offset, "bob@example.test,carol@example.test", "bob is full", 1024);
        assertThat(full.out()).contains("<** 552 5.2.2", " -> RCPT TO:<carol@example.test>\n<-  250", " -> DATA\n<-  354");
        waitFor(offset, "carol", "bob is full");
        assertThat(TestMailboxes.imapSubjects(993 + offset, "bob", Optional.empty())).containsExactly("first");
    }

    private static ExternalTool.Result swaks(int offset, String to, String subject, int size) throws Exception {
        StringBuilder body = new StringBuilder();
        while (body.length() < size) {
            body.append("x".repeat(70)).append("\n");
        }
        return ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", Integer.toString(25 + offset),
                "--from", "erin@example.test", "--to", to, "--header", "Subject: " + subject, "--body", body.toString(),
                "--suppress-data"), TIMEOUT);
    }

    /** The user's Inbox once a message in it contains {@code text}. */
    private static String waitFor(int offset, String name, String text) throws Exception {
        Instant deadline = Instant.now().plus(TIMEOUT);
        String found = TestMailboxes.imapInbox(993 + offset, name, Optional.empty());
        while (!found.contains(text) && Instant.now().isBefore(deadline)) {
            Thread.sleep(500);
            found = TestMailboxes.imapInbox(993 + offset, name, Optional.empty());
        }
        assertThat(found).contains(text);
        return found;
    }

    private Result quota(String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "user";
        command[1] = "quota";
        System.arraycopy(args, 0, command, 2, args.length);
        command[args.length + 2] = "--data";
        command[args.length + 3] = tmp.resolve("data").toString();
        return PosternProcess.call(null, command);
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}

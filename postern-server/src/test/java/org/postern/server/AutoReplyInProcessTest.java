package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * The out-of-office reply with hub and mailbox in one {@code postern run} (row
 * mailbox-hub-submission in-process): the reply goes into the hub's queue by a method call and
 * comes back into the sender's mailbox, read with Python's imaplib; {@code postern user
 * auto-reply} shows, sets and clears it. The two-process path is LmtpMailboxServerTest's.
 */
class AutoReplyInProcessTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void anOutOfOfficeReplyInOneProcessReachesTheSenderThroughTheHubsQueue() throws Exception {
        ExternalTool.require("swaks");
        ExternalTool.require("python3");
        String data = tmp.resolve("data").toString();
        int offset = FreePorts.offset();
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", data).exitStatus()).isZero();
        for (String user : List.of("alice", "erin")) {
            Result r = PosternProcess.call("secret-" + user + "\n", "user", "add", user + "@example.test",
                    "--password-stdin", "--data", data);
            assertThat(r.exitStatus()).as("%s", r).isZero();
        }
        assertThat(PosternProcess.call(null, "user", "auto-reply", "alice@example.test", "--data", data).out()).contains("off");
        assertThat(PosternProcess.call(null, "user", "auto-reply", "alice@example.test", "--text", "Back on Monday.",
                "--data", data).exitStatus()).isZero();
        assertThat(PosternProcess.call(null, "user", "auto-reply", "alice@example.test", "--data", data).out())
                .contains("on: Back on Monday.");
        assertThat(PosternProcess.call(null, "user", "auto-reply", "nobody@example.test", "--off", "--data", data)
                .exitStatus()).isNotZero();
        try (RunningServer server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset))) {
            ExternalTool.Result sent = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port",
                    Integer.toString(25 + offset), "--from", "erin@example.test", "--to", "alice@example.test",
                    "--header", "Subject: in-process", "--header", "Message-Id: <in-process@example.test>"), TIMEOUT);
            assertThat(sent.exit()).as("%s", sent).isZero();
            Instant deadline = Instant.now().plus(TIMEOUT);
            String found = read(offset);
            while (!found.contains("Back on Monday.") && Instant.now().isBefore(deadline)) {
                Thread.sleep(500);
                found = read(offset);
            }
            assertThat(found).contains("Return-Path: <>").contains("Subject: Auto: in-process")
                    .contains("Auto-Submitted: auto-replied").contains("In-Reply-To: <in-process@example.test>")
                    .contains("Back on Monday.")
                    .doesNotContain("ESMTPSA"); // no SMTP hop: the hub's queue took it directly
            Result datapaths = PosternProcess.call(null, "datapaths", "--format", "json", "--data", data);
            assertThat(datapaths.out()).contains("mailbox-hub-submission");
            assertThat(server.stop()).isIn(0, 143);
        }
        assertThat(PosternProcess.call(null, "user", "auto-reply", "alice@example.test", "--off", "--data", data)
                .exitStatus()).isZero();
        assertThat(PosternProcess.call(null, "user", "auto-reply", "alice@example.test", "--data", data).out()).contains("off");
    }

    /** erin's Inbox messages whose subject starts with {@code Auto:}, whole, by imaplib over IMAPS. */
    private static String read(int offset) throws Exception {
        String script = """
                import imaplib, ssl, sys
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                m = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[1]), ssl_context=ctx)
                m.login('erin@example.test', 'secret-erin')
                m.select('INBOX', readonly=True)
                typ, ids = m.search(None, 'SUBJECT', '"Auto:"')
                for i in ids[0].split():
                    typ, data = m.fetch(i, '(RFC822)')
                    sys.stdout.write(data[0][1].decode('utf-8', 'replace'))
                m.logout()
                """;
        ExternalTool.Result r = ExternalTool.run(List.of("python3", "-c", script, Integer.toString(993 + offset)), TIMEOUT);
        assertThat(r.exit()).as("%s", r).isZero();
        return r.out();
    }
}

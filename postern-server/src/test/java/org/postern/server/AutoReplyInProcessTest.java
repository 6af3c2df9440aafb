package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

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
        TestMailboxes.addExampleUsers(Path.of(data), "alice", "erin");
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

    /** erin's Inbox messages whose subject contains {@code Auto:}, whole, by imaplib over IMAPS. */
    private static String read(int offset) throws Exception {
        return TestMailboxes.imapInbox(993 + offset, "erin", Optional.of("Auto:"));
    }
}

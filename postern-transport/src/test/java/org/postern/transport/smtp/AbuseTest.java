package org.postern.transport.smtp;

import org.postern.core.testing.ExternalTool;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.directory.Directory;
import org.postern.core.net.ConnectionLimits;
import org.postern.protocols.smtp.SmtpLimits;
import org.postern.transport.queue.QueuedMessage;

/**
 * What an attacker or a broken client does, against a real service: each answered with the
 * protocol's own reply, the session kept sane or closed by its budget, and nothing queued that
 * should not be.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbuseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Path tmp;
    private TestServer server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        server = TestServer.start(dir.resolve("main"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    private static String marker() {
        return "a" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    private int mx() {
        return server.port(SmtpListenerKind.MX);
    }

    private int submission() {
        return server.port(SmtpListenerKind.SUBMISSION);
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A client on 587 after STARTTLS, EHLO and AUTH PLAIN as alice. */
    private RawClient aliceOnSubmission() throws Exception {
        RawClient c = new RawClient(submission());
        c.expect("220 ");
        c.command("EHLO abuse.example", "250 ");
        c.command("STARTTLS", "220 2.0.0");
        c.wrapTls();
        c.command("EHLO abuse.example", "250 ");
        c.command("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD), "235 2.7.0");
        return c;
    }

    private Path file(String content) throws IOException {
        Path f = tmp.resolve(UUID.randomUUID() + ".eml");
        Files.writeString(f, content);
        return f;
    }

    // Open relay ---------------------------------------------------------------------------------

    @Test
    void openRelayAttemptsAreRefusedAndNothingIsQueued() throws Exception {
        String marker = marker();
        ExternalTool.Result r = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(mx()),
                "--from", marker + "@example.net", "--to", "victim@elsewhere.example",
                "--data", "@" + file("Subject: relay\r\n\r\nrelay me\r\n")), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isEqualTo(24);
        assertThat(r.out()).contains("<** 550 5.7.1 Relay access denied");
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 ");
            c.command("EHLO relay.example", "250 ");
            c.command("MAIL FROM:<" + marker + "@example.net>", "250 2.1.0");
            c.command("RCPT TO:<victim@elsewhere.example>", "550 5.7.1");
            c.command("RCPT TO:<victim@[127.0.0.1]>", "550 5.7.1");
            c.command("RCPT TO:<\"victim@elsewhere.example\"@elsewhere.example>", "550 5.7.1");
            c.command("RCPT TO:<@example.org:victim@elsewhere.example>", "550 5.7.1");
            c.command("RCPT TO:<victim%elsewhere.example@example.org>", "550 5.1.1");
            c.command("RCPT TO:<victim@example.org.elsewhere.example>", "550 5.7.1");
            c.command("DATA", "503 5.5.1");
            // STARTTLS does not make an anonymous client a relay.
            c.command("RSET", "250 ");
            c.command("STARTTLS", "220 ");
            c.wrapTls();
            c.command("EHLO relay.example", "250 ");
            c.command("MAIL FROM:<" + marker + "@example.net>", "250 2.1.0");
            c.command("RCPT TO:<victim@elsewhere.example>", "550 5.7.1");
            c.command("RCPT TO:<Postmaster>", "250 2.1.5");
            c.command("RCPT TO:<postmaster@example.org>", "250 2.1.5");
            // AUTH is offered on 25 after TLS too: an authenticated user may relay, from its own address.
            c.command("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD), "503 5.5.1");
            c.command("RSET", "250 ");
            c.command("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD), "235 2.7.0");
            c.command("MAIL FROM:<" + marker + "@example.net>", "553 5.7.1");
            c.command("MAIL FROM:<alice@example.org>", "250 2.1.0");
            c.command("RCPT TO:<victim@elsewhere.example>", "250 2.1.5");
            c.command("QUIT", "221 ");
        }
        assertThat(server.from(marker + "@example.net")).isEmpty();
        assertThat(server.queued(m -> m.envelope().recipients().stream()
                .anyMatch(x -> x.address().toString().contains("elsewhere")) && m.envelope().origin().authenticatedUser().isEmpty()))
                .isEmpty();
    }

    @Test
    void submissionRefusesMailBeforeTlsAndBeforeAuth() throws Exception {
        try (RawClient c = new RawClient(submission())) {
            c.expect("220 ");
            c.command("EHLO sub.example", "250 ");
            c.command("MAIL FROM:<alice@example.org>", "530 5.7.0");
            c.command("STARTTLS", "220 ");
            c.wrapTls();
            c.command("EHLO sub.example", "250 ");
            c.command("MAIL FROM:<alice@example.org>", "530 5.7.0 Authentication required");
            c.command("RCPT TO:<alice@example.org>", "503 5.5.1");
        }
    }

    // Sender spoofing ------------------------------------------------------------------------------

    @Test
    void anAuthenticatedUserCannotSendAsSomeoneElse() throws Exception {
        String marker = marker();
        ExternalTool.Result r = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(submission()),
                "-tls", "-a", "PLAIN", "-au", TestServer.ALICE, "-ap", TestServer.ALICE_PASSWORD,
                "--from", TestServer.BOB, "--to", marker + "@elsewhere.example",
                "--data", "@" + file("Subject: spoof\r\n\r\nI am bob\r\n")), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isNotZero();
        assertThat(r.out()).contains("<~* 553 5.7.1");
        try (RawClient c = aliceOnSubmission()) {
            c.command("MAIL FROM:<ceo@elsewhere.example>", "553 5.7.1");
            c.command("MAIL FROM:<>", "553 5.7.1");
            c.command("MAIL FROM:<Bob@Example.ORG>", "553 5.7.1");
            c.command("MAIL FROM:<ALICE@example.org>", "250 2.1.0");
        }
        assertThat(server.queued(m -> m.envelope().recipients().getFirst().address().toString().startsWith(marker)))
                .isEmpty();
    }

    // AUTH before TLS --------------------------------------------------------------------------------

    @Test
    void authBeforeTlsIsRefusedWith538AndNotOffered() throws Exception {
        for (int port : List.of(mx(), submission())) {
            try (RawClient c = new RawClient(port)) {
                c.expect("220 ");
                assertThat(c.command("EHLO clear.example", "250 ")).doesNotContain("AUTH");
                c.command("AUTH PLAIN " + plain(TestServer.ALICE, TestServer.ALICE_PASSWORD), "538 5.7.11");
                c.command("AUTH LOGIN", "538 5.7.11");
                c.command("MAIL FROM:<alice@example.org>", port == mx() ? "250 " : "530 5.7.0");
            }
        }
        ExternalTool.Result r = ExternalTool.run(List.of("swaks", "--server", "127.0.0.1", "--port", String.valueOf(submission()),
                "-a", "PLAIN", "-au", TestServer.ALICE, "-ap", TestServer.ALICE_PASSWORD, "--from", TestServer.ALICE,
                "--to", "x@elsewhere.example"), new byte[0], TIMEOUT);
        assertThat(r.exit()).as(r.all()).isNotZero();
    }

    @Test
    void wrongPasswordsAreRefusedAndCountAgainstTheBudget() throws Exception {
        try (RawClient c = new RawClient(submission())) {
            c.expect("220 ");
            c.command("EHLO guess.example", "250 ");
            c.command("STARTTLS", "220 ");
            c.wrapTls();
            c.command("EHLO guess.example", "250 ");
            c.command("AUTH PLAIN " + plain(TestServer.ALICE, "wrong"), "535 5.7.8");
            c.command("AUTH PLAIN not-base64!", "501 5.5.2");
            c.command("AUTH CRAM-MD5", "504 5.5.4");
            c.command("AUTH LOGIN", "334 ");
            c.command("*", "501 ");
        }
    }

    @Test
    void overlongLinesAre500AndTheSessionGoesOn() throws Exception {
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 ");
            c.command("EHLO long.example", "250 ");
            c.command("NOOP " + "x".repeat(3000), "500 5.5.2");
            c.command("X".repeat(200_000), "500 5.5.2");
            c.command("MAIL FROM:<" + "a".repeat(300) + "@example.net>", "5");
            c.command("NOOP", "250 2.0.0");
        }
    }

    // Size -----------------------------------------------------------------------------------------

    @Test
    void declaredSizeAboveTheLimitIsRefusedAtMail() throws Exception {
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 ");
            c.command("EHLO big.example", "250 ");
            c.command("MAIL FROM:<big@example.net> SIZE=" + (35L * 1024 * 1024 + 1), "552 5.3.4");
            c.command("MAIL FROM:<big@example.net> SIZE=" + (35L * 1024 * 1024), "250 2.1.0");
        }
    }

    @Test
    void undeclaredOversizeIsRefusedAfterReadingWithNothingQueued() throws Exception {
        SmtpLimits small = new SmtpLimits(2048, 12288, 16, 256, 64 * 1024, 1000, 20, 100);
        try (TestServer s = TestServer.start(tmp.resolve("small-" + marker()), t -> t.withLimits(small)
                .withSpool(16 * 1024, t.spoolDirectory()))) {
            String marker = marker();
            String big = "Subject: big\r\n\r\n" + ("y".repeat(998) + "\r\n").repeat(80);
            String exact = "Subject: exact\r\n\r\n";
            exact = exact + "z".repeat(64 * 1024 - exact.length() - 2) + "\r\n";
            try (RawClient c = new RawClient(s.port(SmtpListenerKind.MX))) {
                c.expect("220 ");
                c.command("EHLO big.example", "250 ");
                c.command("MAIL FROM:<" + marker + "@example.net>", "250 ");
                c.command("RCPT TO:<alice@example.org>", "250 ");
                c.command("DATA", "354 ");
                c.send(big + ".\r\n");
                c.expect("552 5.3.4");
                c.command("NOOP", "250 ");
                // The same with BDAT: the chunk is read to its end, the session stays in step.
                c.command("MAIL FROM:<" + marker + "@example.net>", "250 ");
                c.command("RCPT TO:<alice@example.org>", "250 ");
                c.send("BDAT " + big.length() + " LAST\r\n" + big);
                c.expect("552 5.3.4");
                c.command("NOOP", "250 ");
                // Exactly the limit is accepted.
                c.command("MAIL FROM:<exact." + marker + "@example.net>", "250 ");
                c.command("RCPT TO:<alice@example.org>", "250 ");
                c.command("DATA", "354 ");
                c.send(exact + ".\r\n");
                c.expect("250 2.0.0 Ok: queued as ");
            }
            assertThat(s.from(marker + "@example.net")).isEmpty();
            assertThat(s.from("exact." + marker + "@example.net")).hasSize(1);
            byte[] queued = s.content(s.onlyFrom("exact." + marker + "@example.net"));
            assertThat(new String(TestServer.pastAddedHeaders(queued, 1), StandardCharsets.ISO_8859_1)).isEqualTo(exact);
            assertThat(Files.list(s.folder.resolve("spool")).toList()).isEmpty();
        }
    }

    // SMTP smuggling ------------------------------------------------------------------------------

    @Test
    void bareLineEndingsNeverEndDataAndTheMessageIsRefused() throws Exception {
        String marker = marker();
        List<String> smuggles = List.of("\n.\n", "\r\n.\n", "\n.\r\n", "\r.\r", "\r\n.\r");
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 ");
            c.command("EHLO smuggle.example", "250 ");
            for (String end : smuggles) {
                c.command("MAIL FROM:<" + marker + "@example.net>", "250 ");
                c.command("RCPT TO:<alice@example.org>", "250 ");
                c.command("DATA", "354 ");
                c.send("Subject: smuggle\r\n\r\nfirst" + end + "MAIL FROM:<smuggled." + marker + "@example.net>\r\n"
                        + "RCPT TO:<bob@example.org>\r\nDATA\r\nSubject: smuggled\r\n\r\nsecond\r\n.\r\n");
                c.expect("554 5.6.0");
                c.command("NOOP", "250 2.0.0"); // the next reply is NOOP's: nothing smuggled ran
            }
        }
        assertThat(server.from(marker + "@example.net")).isEmpty();
        assertThat(server.from("smuggled." + marker + "@example.net")).isEmpty();
    }

    // STARTTLS command injection ---------------------------------------------------------------------

    @Test
    void commandsPipelinedWithStartTlsAreDiscarded() throws Exception {
        String marker = marker();
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 ");
            c.command("EHLO inject.example", "250 ");
            c.send("STARTTLS\r\nMAIL FROM:<injected." + marker + "@example.net>\r\nRCPT TO:<alice@example.org>\r\n");
            c.expect("220 2.0.0");
            c.wrapTls();
            c.command("RCPT TO:<alice@example.org>", "503 "); // no hello, no transaction: the injection was dropped
            c.command("EHLO inject.example", "250 ");
            c.command("RCPT TO:<alice@example.org>", "503 5.5.1");
            c.command("MAIL FROM:<" + marker + "@example.net>", "250 2.1.0");
            c.command("QUIT", "221 ");
        }
        assertThat(server.from("injected." + marker + "@example.net")).isEmpty();
    }

    // 10,000 RCPT --------------------------------------------------------------------------------

    /** Sends {@code count} RCPT commands from another thread and reads every reply until the end or a close. */
    private static List<String> rcptFlood(RawClient c, int count, String marker) throws Exception {
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            try {
                StringBuilder b = new StringBuilder();
                for (int i = 0; i < count; i++) {
                    b.append("RCPT TO:<r").append(i).append('.').append(marker).append("@elsewhere.example>\r\n");
                    if (b.length() > 32_000) {
                        c.send(b.toString());
                        b.setLength(0);
                    }
                }
                c.send(b.toString());
            } catch (IOException e) {
                // the server closed the connection
            }
        });
        List<String> replies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String reply = c.reply();
            if (reply == null) {
                break;
            }
            replies.add(reply);
            if (reply.startsWith("421")) {
                break;
            }
        }
        writer.get(30, TimeUnit.SECONDS);
        return replies;
    }

    @Test
    void recipientsPastTheLimitGet452AndTheTransactionGoesOn() throws Exception {
        String marker = marker();
        try (RawClient c = aliceOnSubmission()) {
            c.command("MAIL FROM:<alice@example.org> ENVID=" + marker, "250 ");
            List<String> replies = rcptFlood(c, 1500, marker);
            assertThat(replies).hasSize(1500);
            assertThat(replies.subList(0, 1000)).allSatisfy(r -> assertThat(r).startsWith("250 2.1.5"));
            assertThat(replies.subList(1000, 1500)).allSatisfy(r -> assertThat(r).startsWith("452 4.5.3"));
            c.command("DATA", "354 ");
            c.send("Subject: many\r\n\r\nmany\r\n.\r\n");
            c.expect("250 2.0.0 Ok: queued as ");
            c.command("QUIT", "221 ");
        }
        List<QueuedMessage> m = server.queued(q -> q.envelope().parameters().envId().equals(java.util.Optional.of(marker)));
        assertThat(m).hasSize(1);
        assertThat(m.getFirst().envelope().recipients()).hasSize(1000);
    }

    @Test
    void tenThousandRecipientsGetLimitRepliesUntilTheCommandBudgetClosesTheSession() throws Exception {
        String marker = marker();
        try (RawClient c = aliceOnSubmission()) {
            c.command("MAIL FROM:<alice@example.org> ENVID=" + marker, "250 ");
            List<String> replies = rcptFlood(c, 10_000, marker);
            // EHLO, STARTTLS, EHLO, AUTH, MAIL, then RCPTs up to the 2,500 commands of the budget.
            assertThat(replies).hasSize(2500 - 5 + 1);
            assertThat(replies.subList(0, 1000)).allSatisfy(r -> assertThat(r).startsWith("250 2.1.5"));
            assertThat(replies.subList(1000, replies.size() - 1)).allSatisfy(r -> assertThat(r).startsWith("452 4.5.3"));
            assertThat(replies.getLast()).startsWith("421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.queued(q -> q.envelope().parameters().envId().equals(java.util.Optional.of(marker)))).isEmpty();
        server.awaitNoConnections(Duration.ofSeconds(60));
    }

    @Test
    void tenThousandUnknownRecipientsCloseTheSessionByTheErrorBudget() throws Exception {
        try (RawClient c = new RawClient(mx())) {
            c.expect("220 ");
            c.command("EHLO harvest.example", "250 ");
            c.command("MAIL FROM:<harvest@example.net>", "250 ");
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        c.send("RCPT TO:<nobody" + i + "@example.org>\r\n");
                    }
                } catch (IOException e) {
                    // the server closed the connection: expected
                }
            });
            List<String> replies = new ArrayList<>();
            for (String r = c.reply(); r != null; r = c.reply()) {
                replies.add(r);
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(replies).hasSize(21);
            assertThat(replies.subList(0, 20)).allSatisfy(r -> assertThat(r).startsWith("550 5.1.1"));
            assertThat(replies.getLast()).startsWith("421 4.7.0");
        }
    }

    // A client that stops -------------------------------------------------------------------------

    @Test
    void aClientThatStopsMidDataLeavesNothingQueuedAndNoSessionBehind() throws Exception {
        String marker = marker();
        for (int round = 0; round < 20; round++) {
            RawClient c = new RawClient(mx());
            c.expect("220 ");
            c.command("EHLO gone.example", "250 ");
            c.command("MAIL FROM:<" + marker + "@example.net>", "250 ");
            c.command("RCPT TO:<alice@example.org>", "250 ");
            if (round % 2 == 0) {
                c.command("DATA", "354 ");
            } else {
                c.send("BDAT 5000000 LAST\r\n"); // no reply before the chunk is complete
            }
            // Half of them past the spool threshold, so a spool file exists when they go.
            c.send("Subject: gone\r\n\r\n" + "w".repeat(round % 4 < 2 ? 1000 : 1_500_000));
            c.close();
        }
        server.awaitNoConnections(Duration.ofSeconds(60));
        assertThat(server.from(marker + "@example.net")).isEmpty();
        try (Stream<Path> spool = Files.list(server.folder.resolve("spool"))) {
            assertThat(spool.toList()).isEmpty();
        }
    }

    @Test
    void idleAndStalledClientsAreTimedOutWith421() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("timeouts-" + marker()),
                // 2 s, not less: until each timeout is meant to fire, this client must answer within it, and a
                // test thread on a busy machine can miss a shorter one between reading a reply and sending on.
                t -> t.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2)))) {
            try (RawClient c = new RawClient(s.port(SmtpListenerKind.MX))) {
                c.expect("220 ");
                c.command("EHLO slow.example", "250 ");
                c.expect("421 4.4.2");
                assertThat(c.closedByServer()).isTrue();
            }
            try (RawClient c = new RawClient(s.port(SmtpListenerKind.MX))) {
                c.expect("220 ");
                c.command("EHLO slow.example", "250 ");
                c.command("MAIL FROM:<stall@example.net>", "250 ");
                c.command("RCPT TO:<alice@example.org>", "250 ");
                c.command("DATA", "354 ");
                c.send("Subject: stall\r\n\r\nhalf a mess");
                c.expect("421 4.4.2");
                assertThat(c.closedByServer()).isTrue();
            }
            s.awaitNoConnections(Duration.ofSeconds(60));
            assertThat(s.from("stall@example.net")).isEmpty();
        }
    }

    // Junk -------------------------------------------------------------------------------------------

    @Test
    void aThousandJunkCommandsSpendTheBudgets() throws Exception {
        for (String junk : List.of("NOOP", "RSET", "VRFY alice", "XYZZY plugh", "MAIL FROM:broken", "\u0001\u0002")) {
            try (RawClient c = new RawClient(mx())) {
                c.expect("220 ");
                c.command("EHLO junk.example", "250 ");
                CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                    try {
                        c.send((junk + "\r\n").repeat(1000));
                    } catch (IOException e) {
                        // closed by the server: expected
                    }
                });
                List<String> replies = new ArrayList<>();
                for (String r = c.reply(); r != null; r = c.reply()) {
                    replies.add(r);
                }
                writer.get(30, TimeUnit.SECONDS);
                assertThat(replies.getLast()).as(junk).startsWith("421 4.7.0");
                boolean isJunk = junk.startsWith("NOOP") || junk.startsWith("RSET") || junk.startsWith("VRFY");
                assertThat(replies).as(junk).hasSize(isJunk ? 101 : 21);
            }
        }
    }

    // The directory failing ----------------------------------------------------------------------

    @Test
    void aFailingDirectoryIsATemporaryFailureNeverAPermanentOne() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        try (TestServer s = TestServer.start(tmp.resolve("dirfail-" + marker()), t -> t, d -> failingWhen(d, failing))) {
            try (RawClient c = new RawClient(s.port(SmtpListenerKind.MX))) {
                c.expect("220 ");
                c.command("EHLO dir.example", "250 ");
                c.command("MAIL FROM:<dir@example.net>", "250 ");
                failing.set(true);
                c.command("RCPT TO:<alice@example.org>", "451 4.3.0");
                c.command("RCPT TO:<nobody@example.org>", "451 4.3.0");
                failing.set(false);
                c.command("RCPT TO:<alice@example.org>", "250 ");
                c.command("RCPT TO:<nobody@example.org>", "550 5.1.1");
            }
        }
    }

    @Test
    void connectionsPerSourceAreBounded() throws Exception {
        try (TestServer s = TestServer.start(tmp.resolve("conn-" + marker()),
                t -> t.withConnections(ConnectionLimits.defaults().withMaxPerSource(2)))) {
            try (RawClient a = new RawClient(s.port(SmtpListenerKind.MX));
                 RawClient b = new RawClient(s.port(SmtpListenerKind.MX))) {
                a.expect("220 ");
                b.expect("220 ");
                try (RawClient third = new RawClient(s.port(SmtpListenerKind.MX))) {
                    third.expect("421 ");
                    assertThat(third.closedByServer()).isTrue();
                }
                a.command("NOOP", "250 ");
            }
        }
    }

    /** The directory, made to throw on its look-ups while {@code failing} is set. */
    private static Directory failingWhen(Directory d, AtomicBoolean failing) {
        return (Directory) Proxy.newProxyInstance(Directory.class.getClassLoader(), new Class<?>[] {Directory.class},
                (proxy, method, args) -> {
                    if (failing.get() && (method.getName().equals("isAcceptedDomain") || method.getName().equals("resolve"))) {
                        throw new IllegalStateException("directory unreachable (test)");
                    }
                    try {
                        return method.invoke(d, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

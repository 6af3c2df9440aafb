package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;
import org.postern.server.PosternProcess.Result;

/**
 * Not a test (no assertion on time; surefire runs only *Test classes by default): how long a split
 * hub → mailbox pair takes to deliver N messages by LMTP with one connection per message (as before
 * connections were kept: {@code max_messages_per_connection: 1}) and with kept connections (the
 * default): two hub data folders run in turn (on one port offset) against the same mailbox process
 * in one MIT realm, in alternating rounds so that the machine's load falls on both alike. Python's smtplib gives each hub its messages on one
 * SMTP connection; imaplib's STATUS counts them in the mailbox process.
 *
 * <pre>./mvnw -q -pl postern-server -am verify -Dtest=LmtpDeliveryBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.messages=500</pre>
 */
class LmtpDeliveryBench {

    private static final Duration LIMIT = Duration.ofMinutes(10);

    @TempDir
    Path tmp;

    @Test
    void oneConnectionPerMessageAgainstKeptConnections() throws Exception {
        int messages = Integer.getInteger("bench.messages", 500);
        int rounds = Integer.getInteger("bench.rounds", 2);
        ExternalTool.require("python3");
        try (MitKdc kdc = MitKdc.start(tmp.resolve("mit"), "EXAMPLE.TEST")) {
            kdc.addServices("mb.example.test", tmp.resolve("mb.keytab"), "smtp", "imap", "pop", "host");
            kdc.addServices("hub-a.example.test", tmp.resolve("hub-a.keytab"), "smtp", "host");
            kdc.addServices("hub-b.example.test", tmp.resolve("hub-b.keytab"), "smtp", "host");
            int offMb = FreePorts.offset();
            int offHub;
            do {
                offHub = FreePorts.offset();
            } while (Math.abs(offHub - offMb) < 9000);
            Path mb = data("mailbox", """
                    hostname: mb.example.test
                    roles: [mailbox, cas]
                    kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                    """.formatted(kdc.kdc(), tmp.resolve("mb.keytab")));
            Path a = data("hub-a", hub("hub-a.example.test", kdc, tmp.resolve("hub-a.keytab"), 24 + offMb, 1));
            Path b = data("hub-b", hub("hub-b.example.test", kdc, tmp.resolve("hub-b.keytab"), 24 + offMb, 100));
            try (RunningServer mailbox = RunningServer.start("--data", mb.toString(), "--port-offset", Integer.toString(offMb))) {
                System.out.printf("LMTP bench: %d messages per round, load average before: %s%n", messages, load());
                int deliveredA = 0;
                int deliveredB = 0;
                for (int round = 1; round <= rounds; round++) {
                    deliveredA += messages;
                    double before = deliver(a, offHub, offMb, "bob", messages, deliveredA);
                    deliveredB += messages;
                    double after = deliver(b, offHub, offMb, "carol", messages, deliveredB);
                    System.out.printf("LMTP bench round %d: one connection per message %.1f s (%.0f msg/s); kept connections"
                                    + " %.1f s (%.0f msg/s); hub logins so far %d vs %d; load %s%n", round, before,
                            messages / before, after, messages / after, logins(mailbox, "hub-a"), logins(mailbox, "hub-b"),
                            load());
                }
                assertThat(mailbox.stop()).isIn(0, 143);
            }
        }
    }

    private Path data(String name, String yaml) throws Exception {
        Path d = tmp.resolve(name);
        Files.createDirectories(d);
        Files.writeString(d.resolve("postern.yaml"), yaml);
        assertThat(PosternProcess.call(null, "domain", "add", "example.test", "--data", d.toString()).exitStatus()).isZero();
        for (String user : List.of("bob", "carol")) {
            Result added = PosternProcess.call("secret-" + user + "\n", "user", "add", user + "@example.test",
                    "--password-stdin", "--data", d.toString());
            assertThat(added.exitStatus()).as("%s", added).isZero();
        }
        return d;
    }

    private static String hub(String name, MitKdc kdc, Path keytab, int lmtpPort, int perConnection) {
        return """
                hostname: %s
                roles: [hub]
                kerberos: {realm: EXAMPLE.TEST, kdcs: ["%s"], keytab: %s}
                transport:
                  mailbox_server: {host: 127.0.0.1, port: %d, max_messages_per_connection: %d}
                  retry: {backoff: [2s], expiry: 1h, delay_notice: 1h}
                """.formatted(name, kdc.kdc(), keytab, lmtpPort, perConnection);
    }

    private static long logins(RunningServer mailbox, String hub) {
        return mailbox.errors().lines().filter(l -> l.contains("authenticated: ") && l.contains("server=host/" + hub + ".example.test@EXAMPLE.TEST"))
                .count();
    }

    private static String load() throws Exception {
        return ExternalTool.run(List.of("cat", "/proc/loadavg"), Duration.ofSeconds(5)).out().strip();
    }

    /** Starts the hub; smtplib sends it {@code count} messages, then imaplib polls STATUS until the Inbox holds {@code total}; seconds from the first send. */
    private static double deliver(Path hub, int hubOffset, int mailboxOffset, String user, int count, int total)
            throws Exception {
        try (RunningServer server = RunningServer.start("--data", hub.toString(), "--port-offset", Integer.toString(hubOffset))) {
            double seconds = deliver(hubOffset, mailboxOffset, user, count, total);
            assertThat(server.stop()).isIn(0, 143);
            return seconds;
        }
    }

    private static double deliver(int hubOffset, int mailboxOffset, String user, int count, int total) throws Exception {
        String script = """
                import imaplib, smtplib, ssl, sys, time
                from email.message import EmailMessage
                ctx = ssl.create_default_context()
                ctx.check_hostname = False
                ctx.verify_mode = ssl.CERT_NONE
                user, count, total = sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
                start = time.monotonic()
                s = smtplib.SMTP('127.0.0.1', int(sys.argv[1]), timeout=120)
                s.starttls(context=ctx)
                for i in range(count):
                    m = EmailMessage()
                    m['From'] = 'dave@elsewhere.test'
                    m['To'] = user + '@example.test'
                    m['Subject'] = 'bench %d' % i
                    m.set_content('x' * 2000)
                    s.send_message(m)
                s.quit()
                sent = time.monotonic() - start
                im = imaplib.IMAP4_SSL('127.0.0.1', int(sys.argv[2]), ssl_context=ctx)
                im.login(user + '@example.test', 'secret-' + user)
                while True:
                    typ, data = im.status('INBOX', '(MESSAGES)')
                    n = int(data[0].decode().split('MESSAGES ')[1].rstrip(')'))
                    if n >= total or time.monotonic() - start > 600:
                        break
                    time.sleep(0.2)
                im.logout()
                print('%.3f %.3f %d' % (time.monotonic() - start, sent, n))
                """;
        ExternalTool.Result r = ExternalTool.run(List.of("python3", "-c", script, Integer.toString(25 + hubOffset),
                Integer.toString(993 + mailboxOffset), user, Integer.toString(count), Integer.toString(total)), LIMIT);
        assertThat(r.exit()).as("%s", r).isZero();
        String[] f = r.out().strip().split(" ");
        assertThat(Integer.parseInt(f[2])).as("delivered").isEqualTo(total);
        System.out.printf("LMTP bench: %s: %d messages accepted in %s s, all in the mailbox after %s s%n",
                user, count, f[1], f[0]);
        return Double.parseDouble(f[0]);
    }
}

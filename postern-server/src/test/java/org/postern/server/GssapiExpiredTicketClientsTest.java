package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;

/**
 * Tickets whose end time is already past when they reach Postern, made by real MIT Kerberos
 * with no waiting: a private MIT realm whose KDC, {@code kinit} and curl all run two days in
 * the past (libfaketime from Debian's faketime, {@code FAKETIME=-2d}), so the tickets they
 * agree on (a day long) ended a day ago on Postern's clock, and MIT's own {@code klist -s}
 * says so on the real clock. Postern, with that realm as its external realm, refuses each
 * over submission, IMAPS and POP3S with the protocol's answer (the JDK's acceptor reports the
 * authenticator's age first, "Clock skew too great": a client cannot make a fresh
 * authenticator with an ended ticket), counts it, and the SMTP session goes on.
 */
class GssapiExpiredTicketClientsTest {

    private static final String HOST = "mail.example.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    static MitKdc kdc;
    static RunningServer server;
    static int offset;
    /** The MIT clients' environment, two days in the past. */
    static Map<String, String> past;

    /** Debian's libfaketime (package faketime, whose library lies in an architecture's folder). */
    static Path libfaketime() throws IOException {
        try (DirectoryStream<Path> arches = Files.newDirectoryStream(Path.of("/usr/lib"))) {
            for (Path arch : arches) {
                Path lib = arch.resolve("faketime").resolve("libfaketime.so.1");
                if (Files.isRegularFile(lib)) {
                    return lib;
                }
            }
        }
        throw new AssertionError("libfaketime is missing: install Debian's faketime");
    }

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("kinit");
        ExternalTool.require("curl");
        Map<String, String> clock = Map.of("LD_PRELOAD", libfaketime().toString(), "FAKETIME", "-2d");
        kdc = MitKdc.start(tmp.resolve("mit"), "EXAMPLE.TEST", clock);
        kdc.addUser("alice", "alice-mit-pw");
        past = new HashMap<>(kdc.clientEnv());
        past.putAll(clock);

        String data = tmp.resolve("data").toString();
        offset = FreePorts.offset();
        KerberosFolders.externalRealm(data, HOST, kdc, tmp.resolve("postern.keytab"));
        server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (server != null) {
                assertThat(server.stop()).isIn(0, 143);
                String errors = server.errorsAfterStop();
                assertThat(errors).doesNotContain("Exception").doesNotContain("ERROR");
                for (String protocol : List.of("submission", "imap", "pop3")) {
                    assertThat(errors).containsPattern("GSSAPI token refused: protocol=" + protocol + "\\S* source=127\\.0\\.0\\.1");
                }
                assertThat(errors).containsPattern("authentication failed: protocol=\\S+ source=127\\.0\\.0\\.1 account=\\(gssapi\\) failures=4/4/")
                        .doesNotContain("authenticated: protocol");
            }
        } finally {
            if (kdc != null) {
                kdc.close();
            }
        }
    }

    private static ExternalTool.Result inThePast(String stdin, String... command) throws Exception {
        return ExternalTool.run(List.of(command), stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT, past);
    }

    private static String resolve(int base) {
        return HOST + ":" + (base + offset) + ":127.0.0.1";
    }

    @Test
    void ticketsThatEndedADayAgoAreRefusedOnEachProtocolAndTheSessionGoesOn() throws Exception {
        ExternalTool.Result kinit = inThePast("alice-mit-pw\n", "kinit", "alice@EXAMPLE.TEST");
        assertThat(kinit.exit()).as("%s", kinit).isZero();

        Path message = Files.writeString(tmp.resolve("m.eml"),
                "From: <alice@example.test>\r\nTo: <alice@example.test>\r\nSubject: late\r\n\r\nan ended ticket\r\n");
        ExternalTool.Result smtp = inThePast("", "curl", "-sS", "-v", "--resolve", resolve(587),
                "smtp://" + HOST + ":" + (587 + offset), "--ssl-reqd", "-k", "--login-options", "AUTH=GSSAPI", "-u", ":",
                "--mail-from", "alice@example.test", "--mail-rcpt", "alice@example.test", "-T", message.toString());
        assertThat(smtp.exit()).as("%s", smtp).isNotZero();
        assertThat(smtp.err()).contains("> AUTH GSSAPI").contains("< 535 5.7.8").doesNotContain("queued as");
        ExternalTool.Result imap = inThePast("", "curl", "-sS", "-v", "--resolve", resolve(993),
                "imaps://" + HOST + ":" + (993 + offset) + "/INBOX", "-k", "--login-options", "AUTH=GSSAPI", "-u", ":",
                "-X", "EXAMINE INBOX");
        assertThat(imap.exit()).as("%s", imap).isNotZero();
        assertThat(imap.err()).contains("AUTHENTICATE GSSAPI").contains("NO [AUTHENTICATIONFAILED]").doesNotContain("READ-ONLY");
        ExternalTool.Result pop = inThePast("", "curl", "-sS", "-v", "--resolve", resolve(995),
                "pop3s://" + HOST + ":" + (995 + offset) + "/", "-k", "--login-options", "AUTH=GSSAPI", "-u", ":");
        assertThat(pop.exit()).as("%s", pop).isNotZero();
        assertThat(pop.err()).contains("AUTH GSSAPI").contains("< -ERR [AUTH]");

        // The tickets are MIT's own, for the keytab's principals, and have ended on the real clock.
        assertThat(inThePast("", "klist").out()).contains("smtp/" + HOST + "@EXAMPLE.TEST")
                .contains("imap/" + HOST + "@EXAMPLE.TEST").contains("pop/" + HOST + "@EXAMPLE.TEST");
        assertThat(inThePast("", "klist", "-s").exit()).as("valid in the KDC's past").isZero();
        assertThat(ExternalTool.run(List.of("klist", "-s"), new byte[0], TIMEOUT, kdc.clientEnv()).exit())
                .as("ended now").isNotZero();

        // The AP-REQ curl sent, once more on a session of its own: refused, and the session goes on.
        Matcher token = Pattern.compile("> (?:AUTH GSSAPI )?(YII[A-Za-z0-9+/=]+)").matcher(smtp.err());
        assertThat(token.find()).as("the AP-REQ in curl's trace").isTrue();
        try (TlsLines c = new TlsLines("127.0.0.1", 465 + offset)) {
            assertThat(c.smtpReply()).startsWith("220");
            c.send("EHLO client.example.test");
            assertThat(c.smtpReply()).startsWith("250");
            c.send("AUTH GSSAPI " + token.group(1));
            assertThat(c.smtpReply()).startsWith("535 5.7.8");
            c.send("NOOP");
            assertThat(c.smtpReply()).startsWith("250");
        }
    }
}

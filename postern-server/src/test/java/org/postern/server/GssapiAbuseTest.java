package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.testing.ExternalTool;

/**
 * Attacks on SASL GSSAPI (RFC 4752) against {@code postern run} over SMTP submission (465),
 * IMAPS and POP3S, with MIT Kerberos's {@code kinit} and curl making the real tickets: a
 * replayed AP-REQ (the one curl just signed in with), a forged one (its ticket's cipher text
 * altered), a truncated one, a token for another service (curl's own {@code --service-name}),
 * an empty response, bytes that are no GSS-API token, bad base64 and a cancel. Each gets
 * its protocol's answer (535 5.7.8 or 501; NO [AUTHENTICATIONFAILED] or BAD; -ERR [AUTH] or
 * -ERR), the session goes on, every attempt that reached the acceptor is counted by the one
 * throttle (its log line, per source address: each protocol attacks from its own loopback
 * address), and nothing the server writes on standard error is an exception. An address that
 * keeps failing cools down on every protocol; Alice signs in from another.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GssapiAbuseTest {

    private static final String HOST = "mail.example.test";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** How each protocol asks for GSSAPI, answers, and shows that the session is still usable. */
    enum Protocol {
        SMTP(465, "smtp", "127.0.0.2", "535 5.7.8", "501"),
        IMAP(993, "imap", "127.0.0.3", "a NO [AUTHENTICATIONFAILED]", "a BAD"),
        POP3(995, "pop", "127.0.0.4", "-ERR [AUTH]", "-ERR");

        final int port;
        final String service;
        final String source;
        final String refused;
        final String malformed;

        Protocol(int port, String service, String source, String refused, String malformed) {
            this.port = port;
            this.service = service;
            this.source = source;
            this.refused = refused;
            this.malformed = malformed;
        }

        TlsLines open(String from) throws Exception {
            TlsLines c = new TlsLines(from, port + offset);
            switch (this) {
                case SMTP -> {
                    assertThat(c.smtpReply()).startsWith("220");
                    c.send("EHLO client.example.test");
                    assertThat(c.smtpReply()).startsWith("250");
                }
                case IMAP -> assertThat(c.line()).startsWith("* OK");
                case POP3 -> assertThat(c.line()).startsWith("+OK");
            }
            return c;
        }

        /** AUTH GSSAPI without an initial response: the server's empty challenge. */
        String start(TlsLines c) throws IOException {
            c.send(this == IMAP ? "a AUTHENTICATE GSSAPI" : "AUTH GSSAPI");
            return reply(c);
        }

        String reply(TlsLines c) throws IOException {
            return switch (this) {
                case SMTP -> c.smtpReply();
                case IMAP -> {
                    String line = c.line();
                    while (line.startsWith("* ")) {
                        line = c.line();
                    }
                    yield line;
                }
                case POP3 -> c.line();
            };
        }

        /** A command every state allows answers as it should: NOOP (SMTP, IMAP), CAPA (POP3). */
        void stillUsable(TlsLines c) throws IOException {
            switch (this) {
                case SMTP -> {
                    c.send("NOOP");
                    assertThat(c.smtpReply()).startsWith("250");
                }
                case IMAP -> {
                    c.send("n NOOP");
                    assertThat(c.until("n ")).startsWith("n OK");
                }
                case POP3 -> {
                    c.send("CAPA");
                    assertThat(c.line()).startsWith("+OK");
                    assertThat(c.until(".")).isEqualTo(".");
                }
            }
        }

        String url() {
            return switch (this) {
                case SMTP -> "smtps://" + HOST + ":" + (port + offset);
                case IMAP -> "imaps://" + HOST + ":" + (port + offset) + "/INBOX";
                case POP3 -> "pop3s://" + HOST + ":" + (port + offset) + "/";
            };
        }
    }

    @TempDir
    static Path tmp;

    static RunningServer server;
    static String data;
    static int offset;
    static Map<String, String> env;
    static final Map<Protocol, String> tokens = new EnumMap<>(Protocol.class);

    @BeforeAll
    static void start() throws Exception {
        ExternalTool.require("kinit");
        ExternalTool.require("curl");
        data = tmp.resolve("data").toString();
        offset = FreePorts.offset();
        KerberosFolders.exampleTest(data, HOST);
        TestMailboxes.addUser(Path.of(data), "alice@example.test", "alice kerberos pw");
        server = RunningServer.start("--data", data, "--port-offset", Integer.toString(offset));
        env = KerberosFolders.embeddedKdcClients(data, offset, tmp);
        ExternalTool.Result kinit = tool("alice kerberos pw\n", "kinit", "alice@EXAMPLE.TEST");
        assertThat(kinit.exit()).as("%s", kinit).isZero();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server == null) {
            return;
        }
        assertThat(server.stop()).isIn(0, 143);
        String errors = server.errorsAfterStop();
        assertThat(errors).doesNotContain("Exception").doesNotContain("ERROR");
        // every attempt that reached the acceptor, counted per source by the one throttle: the
        // replayed, forged and truncated tokens and the other service's ticket; syntax errors
        // (empty, not a GSS-API token, bad base64, cancel) test no credential and are not counted
        for (Protocol p : Protocol.values()) {
            assertThat(errors).as(p.name()).containsPattern("authentication failed: protocol=\\S+ source=" + Pattern.quote(p.source)
                    + " account=\\(gssapi\\) failures=4/4/");
            assertThat(errors).as(p.name()).doesNotContainPattern("source=" + Pattern.quote(p.source) + " account=\\S+ failures=5/");
        }
        assertThat(errors).contains("authentication cool-down for account=(gssapi) from source=127.0.0.7");
        assertThat(errors).containsPattern("authenticated: protocol=imap\\S* source=127\\.0\\.0\\.8 mechanism=GSSAPI user=alice@example.test");
        // one throttle: failures from one source on three protocols add up
        assertThat(errors).containsPattern("protocol=submission\\S* source=127\\.0\\.0\\.5 account=\\(gssapi\\) failures=1/1/")
                .containsPattern("protocol=imap\\S* source=127\\.0\\.0\\.5 account=\\(gssapi\\) failures=2/2/")
                .containsPattern("protocol=pop3\\S* source=127\\.0\\.0\\.5 account=\\(gssapi\\) failures=3/3/");
    }

    private static ExternalTool.Result tool(String stdin, String... command) throws Exception {
        return ExternalTool.run(List.of(command), stdin.getBytes(StandardCharsets.UTF_8), TIMEOUT, env);
    }

    /** curl signing in with GSSAPI (the ticket cache of kinit) from a source address, with its trace. */
    private static ExternalTool.Result curl(Protocol p, String source, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "-v", "-k", "--interface", source,
                "--resolve", HOST + ":" + (p.port + offset) + ":127.0.0.1", p.url(), "--login-options", "AUTH=GSSAPI", "-u", ":"));
        switch (p) {
            case SMTP -> command.addAll(List.of("--mail-from", "alice@example.test", "--mail-rcpt", "alice@example.test",
                    "-T", tmp.resolve("message.eml").toString()));
            case IMAP -> command.addAll(List.of("-X", "EXAMINE INBOX"));
            case POP3 -> {
            }
        }
        command.addAll(List.of(extra));
        return tool("", command.toArray(String[]::new));
    }

    @Test
    @Order(1)
    void curlSignsInWithGssapiOnEachProtocolAndItsTokenIsKept() throws Exception {
        Files.writeString(tmp.resolve("message.eml"),
                "From: <alice@example.test>\r\nTo: <alice@example.test>\r\nSubject: kerberos\r\n\r\nsent with GSSAPI\r\n");
        for (Protocol p : Protocol.values()) {
            ExternalTool.Result r = curl(p, "127.0.0.1");
            assertThat(r.exit()).as("%s %s", p, r).isZero();
            Matcher token = Pattern.compile("> (?:\\S+ AUTHENTICATE GSSAPI |AUTH GSSAPI )?(YII[A-Za-z0-9+/=]+)").matcher(r.err());
            assertThat(token.find()).as("%s: the AP-REQ in curl's trace: %s", p, r.err()).isTrue();
            tokens.put(p, token.group(1));
        }
    }

    @Test
    @Order(2)
    void replayedForgedAndTruncatedTokensAreRefusedAndTheSessionGoesOn() throws Exception {
        for (Protocol p : Protocol.values()) {
            String token = tokens.get(p);
            assertThat(token).as(p.name()).isNotNull();
            byte[] forged = Base64.getDecoder().decode(token);
            for (int i = 200; i < 240; i++) {
                forged[i] ^= 0x5a;
            }
            List<String> attacks = List.of(
                    token,                                       // replayed: the JDK's replay cache has its authenticator
                    Base64.getEncoder().encodeToString(forged),  // forged: the ticket's cipher text changed
                    token.substring(0, 40));                     // a truncated AP-REQ
            try (TlsLines c = p.open(p.source)) {
                for (String attack : attacks) {
                    assertThat(p.start(c)).as(p.name()).matches("334 ?|\\+ ?");
                    c.send(attack);
                    assertThat(p.reply(c)).as("%s answers %s", p, attack.substring(0, 10))
                            .startsWith(p.refused);
                    p.stillUsable(c);
                }
            }
        }
    }

    @Test
    @Order(3)
    void anEmptyResponseNotATokenBadBase64AndACancelGetTheProtocolsSyntaxError() throws Exception {
        for (Protocol p : Protocol.values()) {
            try (TlsLines c = p.open(p.source)) {
                for (String attack : List.of("", Base64.getEncoder().encodeToString("hello".getBytes(StandardCharsets.US_ASCII)),
                        "###", "*")) {
                    assertThat(p.start(c)).as(p.name()).matches("334 ?|\\+ ?");
                    c.send(attack);
                    String reply = p.reply(c);
                    assertThat(reply).as("%s answers %s", p, attack).startsWith(p.malformed);
                    if (p == Protocol.POP3) {
                        assertThat(reply).doesNotStartWith(p.refused);
                    }
                    p.stillUsable(c);
                }
            }
        }
    }

    @Test
    @Order(4)
    void aTicketForAnotherServiceIsRefused() throws Exception {
        for (Protocol p : Protocol.values()) {
            Protocol other = p == Protocol.IMAP ? Protocol.POP3 : Protocol.IMAP;
            ExternalTool.Result r = curl(p, p.source, "--service-name", other.service);
            assertThat(r.exit()).as("%s with a ticket for %s: %s", p, other.service, r).isNotZero();
            assertThat(r.err()).as("%s", p).contains("< " + (p == Protocol.IMAP ? "A" : "")).contains(
                    p == Protocol.IMAP ? "NO [AUTHENTICATIONFAILED]" : p.refused);
        }
        assertThat(tool("", "klist").out()).contains("imap/" + HOST + "@EXAMPLE.TEST").contains("pop/" + HOST + "@EXAMPLE.TEST");
    }

    @Test
    @Order(5)
    void failuresFromOneSourceAddUpAcrossProtocols() throws Exception {
        for (Protocol p : Protocol.values()) {
            try (TlsLines c = p.open("127.0.0.5")) {
                assertThat(p.start(c)).matches("334 ?|\\+ ?");
                c.send(tokens.get(p));
                assertThat(p.reply(c)).startsWith(p.refused);
                p.stillUsable(c);
            }
        }
    }

    /**
     * Enough forged tokens from one address, at once on parallel sessions (their delays overlap),
     * start that address's cool-down: then even Alice's good ticket from there gets each
     * protocol's temporary refusal (454 4.7.0, NO [UNAVAILABLE], -ERR [LOGIN-DELAY]), while the
     * same ticket from another address signs in on all three.
     */
    @Test
    @Order(6)
    void aSourceThatKeepsFailingCoolsDownAndAliceElsewhereStillSignsIn() throws Exception {
        byte[] forged = Base64.getDecoder().decode(tokens.get(Protocol.IMAP));
        for (int i = 200; i < 240; i++) {
            forged[i] ^= 0x33;
        }
        String attack = Base64.getEncoder().encodeToString(forged);
        List<Thread> sessions = new ArrayList<>();
        List<String> replies = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 11; i++) {
            sessions.add(Thread.ofVirtual().start(() -> {
                try (TlsLines c = Protocol.IMAP.open("127.0.0.7")) {
                    String started = Protocol.IMAP.start(c);
                    if (!started.startsWith("+")) {
                        // the cool-down began before this session's turn: refused without a challenge
                        replies.add(started);
                        return;
                    }
                    c.send(attack);
                    replies.add(Protocol.IMAP.reply(c));
                } catch (Exception e) {
                    replies.add(e.toString());
                }
            }));
        }
        for (Thread t : sessions) {
            t.join(Duration.ofSeconds(120));
        }
        assertThat(replies).hasSize(11).allSatisfy(r -> assertThat(r).matches("a NO \\[(AUTHENTICATIONFAILED|UNAVAILABLE)\\].*"));

        ExternalTool.Result smtp = curl(Protocol.SMTP, "127.0.0.7");
        assertThat(smtp.exit()).as("%s", smtp).isNotZero();
        assertThat(smtp.err()).contains("< 454 4.7.0");
        ExternalTool.Result imap = curl(Protocol.IMAP, "127.0.0.7");
        assertThat(imap.exit()).as("%s", imap).isNotZero();
        assertThat(imap.err()).contains("NO [UNAVAILABLE]");
        ExternalTool.Result pop = curl(Protocol.POP3, "127.0.0.7");
        assertThat(pop.exit()).as("%s", pop).isNotZero();
        assertThat(pop.err()).contains("< -ERR [LOGIN-DELAY]");
        for (Protocol p : Protocol.values()) {
            ExternalTool.Result elsewhere = curl(p, "127.0.0.8");
            assertThat(elsewhere.exit()).as("%s from another address: %s", p, elsewhere).isZero();
        }
    }
}

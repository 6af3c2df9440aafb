package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Flag;
import org.postern.core.store.Folder;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.MessageMetadata;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;

/**
 * IMAP4 (reference row "imap4") driven by clients nobody here wrote, against a real
 * {@code postern run}: Python's imaplib (STARTTLS on 143, LOGIN refused before it, SELECT,
 * SEARCH, FETCH byte for byte, STORE, COPY, MOVE, EXPUNGE, IDLE woken by another session's
 * APPEND and by a message the hub delivered from SMTP), curl ({@code imap://} with {@code --ssl-reqd}, {@code imaps://}, SASL PLAIN and
 * LOGIN) and mbsync (LOGIN command; two-way sync into a Maildir, then a second sync that changes
 * nothing). Clients that would pick a mechanism this test has no credentials for (GSSAPI) are
 * told which one to use.
 * Messages are put in the Inbox through the store on the same data folder. A missing client
 * fails the test.
 */
class ImapClientsTest {

    static final String USER = "alice@example.test";
    static final String PASSWORD = "secret";

    /** A 5,000-octet line, 8-bit octets, a word to search for in a quoted-printable part. */
    static final byte[] MESSAGE = ("From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: IMAP byte for byte\r\n"
            + "Date: Wed, 17 Jul 2024 02:23:25 -0700\r\nMessage-ID: <imap-1@example.test>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"sep\"\r\n\r\n--sep\r\nContent-Type: text/plain; charset=iso-8859-1\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nA ne=\r\nedle in caf=E9 text.\r\n--sep\r\n"
            + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "x".repeat(5000) + "\r\n8-bit: caf\u00e9 \u00fc\u00df\r\n.\r\n--sep--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] SECOND = "From: carol@example.test\r\nSubject: second\r\n\r\nnothing to see\r\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    @TempDir
    static Path tmp;

    @BeforeAll
    static void serverListens() {
        assertThat(MAIL.server().output()).contains("IMAP 0.0.0.0:" + (143 + MAIL.offset()) + " (STARTTLS)")
                .contains("IMAPS 0.0.0.0:" + (993 + MAIL.offset()));
    }

    record ProcessResult(int exit, String output) {
    }

    /** Runs a client to its end; a client that is not installed fails the test. */
    static ProcessResult exec(List<String> command, Optional<Path> home) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        home.ifPresent(h -> pb.environment().put("HOME", h.toString()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " is not installed (CI installs it: see .ci/run): " + e.getMessage(), e);
        }
        p.getOutputStream().close();
        var out = drain(p.getInputStream());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 120 s");
        }
        return new ProcessResult(p.exitValue(), out.get());
    }

    /** Reads a stream to its end on a virtual thread of its own. */
    static java.util.concurrent.CompletableFuture<String> drain(java.io.InputStream stream) {
        java.util.concurrent.CompletableFuture<String> text = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    @BeforeEach
    void emptyFolders() throws Exception {
        TestMailboxes.empty(MAIL.data(), USER, SpecialUse.INBOX, SpecialUse.SENT, SpecialUse.DELETED_ITEMS);
    }

    @Test
    void imaplibWithStartTlsReadsByteForByteAndIdleWakesWithinASecond() throws Exception {
        long uid1 = TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        long uid2 = TestMailboxes.append(MAIL.data(), USER, SECOND);
        Path out = Files.createDirectories(tmp.resolve("imaplib"));
        Path script = Path.of(ImapClientsTest.class.getResource("/imap/imaplib_client.py").toURI());
        ProcessResult r = exec(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(143 + MAIL.offset()),
                Integer.toString(993 + MAIL.offset()), USER, PASSWORD, out.toString(), Integer.toString(25 + MAIL.offset())), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.resolve("session.json").toFile());
        assertThat(s.get("caps_before_tls").toString()).contains("STARTTLS", "LOGINDISABLED").doesNotContain("AUTH=");
        assertThat(s.get("login_before_tls").asText()).contains("PRIVACYREQUIRED");
        assertThat(s.get("caps_after_tls").toString()).contains("AUTH=PLAIN").doesNotContain("STARTTLS", "LOGINDISABLED");
        assertThat(s.get("caps_after_login").toString()).contains("IDLE", "MOVE", "UIDPLUS", "CONDSTORE", "QRESYNC", "SPECIAL-USE");
        assertThat(s.get("select").asInt()).isEqualTo(2);
        assertThat(s.get("search_all").toString()).isEqualTo("[\"" + uid1 + "\",\"" + uid2 + "\"]");
        assertThat(s.get("search_subject").toString()).isEqualTo("[\"" + uid1 + "\"]");
        assertThat(s.get("search_body").toString()).as("decoded quoted-printable body").isEqualTo("[\"" + uid1 + "\"]");
        assertThat(Files.readAllBytes(out.resolve(uid1 + ".eml"))).isEqualTo(MESSAGE);
        assertThat(Files.readAllBytes(out.resolve(uid2 + ".eml"))).isEqualTo(SECOND);
        assertThat(s.get("sizes").get(Long.toString(uid1)).asInt()).isEqualTo(MESSAGE.length);
        assertThat(s.get("flags").asText()).contains("\\Flagged", "$Label1");
        assertThat(s.get("move").get(0).asText()).isEqualTo("OK");
        assertThat(s.get("after_move").toString()).isEqualTo("[\"" + uid2 + "\"]");
        assertThat(s.get("expunge").toString()).isEqualTo("[\"1\"]");
        assertThat(s.get("after_expunge").toString()).isEqualTo("[]");
        assertThat(s.get("status_sent").asText()).contains("MESSAGES 1");
        assertThat(s.get("list").toString()).contains("\\\\Sent) \\\"/\\\" \\\"Sent Items\\\"");
        assertThat(s.get("idle_continuation").asText()).startsWith("+");
        assertThat(s.get("idle_untagged").asText()).isEqualTo("* 1 EXISTS");
        assertThat(s.get("idle_delay").asDouble()).as("seconds from the APPEND's OK to EXISTS in IDLE: woken by the store's notifier")
                .isLessThan(1.0);
        assertThat(s.get("idle_done").asText()).endsWith("OK IDLE terminated");
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.SENT)).singleElement()
                .satisfies(m -> assertThat(m.flags()).contains(Flag.FLAGGED));
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.DELETED_ITEMS)).singleElement()
                .satisfies(m -> assertThat(m.keywords()).contains("$Label1"));
        assertThat(s.get("smtp_idle_untagged").asText()).isEqualTo("* 2 EXISTS");
        assertThat(s.get("smtp_idle_delay").asDouble()).as("seconds from the 250 after DATA to EXISTS in IDLE: woken by the hub's delivery")
                .isLessThan(5.0);
        List<MessageMetadata> inbox = TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX);
        assertThat(inbox).extracting(m -> m.envelope().subject()).containsExactly("woken", "via SMTP");
        long delivered = inbox.get(1).uid();
        assertThat(s.get("smtp_uid").toString()).isEqualTo("[\"" + delivered + "\"]");
        assertThat(Files.readAllBytes(out.resolve("delivered.eml"))).as("the delivered message, byte for byte")
                .isEqualTo(TestMailboxes.content(MAIL.data(), USER, delivered));
    }

    @Test
    void imaplibSubscriptionsAreKeptInTheStore() throws Exception {
        Path script = Path.of(ImapClientsTest.class.getResource("/imap/imaplib_subscriptions.py").toURI());
        ProcessResult r = exec(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(993 + MAIL.offset()), USER, PASSWORD),
                Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        assertThat(r.output()).contains("LSUB: () \"/\" Lists/Weekly", "LSUB: () \"/\" INBOX")
                .doesNotContain("LSUB: () \"/\" \"Sent Items\"")
                .contains("LIST-SUBSCRIBED: (\\HasNoChildren \\Subscribed) \"/\" Lists/Weekly")
                .doesNotContain("LIST-SUBSCRIBED: (\\HasNoChildren \\Sent \\Subscribed)");
        // the script deleted Lists/Weekly at its end: its name stays subscribed (RFC 3501 section 6.3.7), in the store
        java.util.Set<org.postern.core.store.FolderPath> kept = TestMailboxes.with(MAIL.data(), USER, SpecialUse.INBOX,
                (store, f) -> store.subscriptions(EmailAddress.parse(USER)));
        assertThat(kept.stream().map(org.postern.core.store.FolderPath::name).toList()).contains("Lists/Weekly", "Sent Items", "Inbox");
    }

    @Test
    void curlOverImapsAndOverImapWithSslReqd() throws Exception {
        long uid = TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        Path viaImaps = tmp.resolve("curl-imaps.eml");
        Path viaStartTls = tmp.resolve("curl-starttls.eml");
        ProcessResult imaps = exec(List.of("curl", "-sS", "-k", "--login-options", "AUTH=PLAIN", "-u", USER + ":" + PASSWORD, "-o", viaImaps.toString(),
                "imaps://127.0.0.1:" + (993 + MAIL.offset()) + "/INBOX/;UID=" + uid), Optional.empty());
        assertThat(imaps.exit()).as(imaps.output()).isZero();
        assertThat(Files.readAllBytes(viaImaps)).isEqualTo(MESSAGE);
        ProcessResult startTls = exec(List.of("curl", "-sS", "-k", "--ssl-reqd", "--login-options", "AUTH=PLAIN",
                "-u", USER + ":" + PASSWORD, "-o", viaStartTls.toString(),
                "imap://127.0.0.1:" + (143 + MAIL.offset()) + "/INBOX/;UID=" + uid), Optional.empty());
        assertThat(startTls.exit()).as(startTls.output()).isZero();
        assertThat(Files.readAllBytes(viaStartTls)).isEqualTo(MESSAGE);
        ProcessResult saslLogin = exec(List.of("curl", "-sS", "-k", "--login-options", "AUTH=LOGIN", "-u", USER + ":" + PASSWORD,
                "imaps://127.0.0.1:" + (993 + MAIL.offset()) + "/"), Optional.empty());
        assertThat(saslLogin.exit()).as(saslLogin.output()).isZero();
        assertThat(saslLogin.output()).contains("* LIST (\\HasNoChildren) \"/\" INBOX", "\"Sent Items\"");
        ProcessResult search = exec(List.of("curl", "-sS", "-k", "--login-options", "AUTH=PLAIN", "-u", USER + ":" + PASSWORD,
                "-X", "SEARCH SUBJECT \"byte for byte\"",
                "imaps://127.0.0.1:" + (993 + MAIL.offset()) + "/INBOX"), Optional.empty());
        assertThat(search.output().strip()).isEqualTo("* SEARCH 1");
        // Without TLS on 143, curl's LOGIN is refused: no credential in clear.
        ProcessResult clear = exec(List.of("curl", "-sS", "-u", USER + ":" + PASSWORD,
                "imap://127.0.0.1:" + (143 + MAIL.offset()) + "/INBOX/;UID=" + uid), Optional.empty());
        assertThat(clear.exit()).as(clear.output()).isNotZero();
    }

    /**
     * The Maildir's messages by file name, as text with LF line ends and without the X-TUID
     * header mbsync adds while it copies (isync stores messages in the local form).
     */
    private static Map<String, String> maildir(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        for (String sub : List.of("new", "cur")) {
            Path dir = folder.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.toList()) {
                    files.put(sub + "/" + p.getFileName(), local(Files.readAllBytes(p)));
                }
            }
        }
        return files;
    }

    private static String local(byte[] message) {
        return new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replaceAll("(?m)^X-TUID: .*\n", "");
    }

    @Test
    void mbsyncTwoWaySyncThenASecondSyncChangesNothing() throws Exception {
        TestMailboxes.append(MAIL.data(), USER, MESSAGE);
        TestMailboxes.append(MAIL.data(), USER, SECOND);
        Path home = Files.createDirectories(tmp.resolve("mbsync"));
        Path maildir = home.resolve("Mail");
        Path inbox = Files.createDirectories(maildir.resolve("INBOX"));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(inbox.resolve(sub));
        }
        byte[] localMessage = "From: alice@example.test\r\nSubject: written offline\r\n\r\nfrom the Maildir\r\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(inbox.resolve("new").resolve("1700000000.local1.host"), localMessage);
        Path rc = home.resolve("mbsyncrc");
        Files.writeString(rc, """
                IMAPAccount postern
                Host 127.0.0.1
                Port %d
                User %s
                Pass %s
                SSLType IMAPS
                AuthMechs LOGIN
                SystemCertificates no
                CertificateFile %s

                IMAPStore remote
                Account postern

                MaildirStore local
                Path %s/
                Inbox %s

                Channel sync
                Far :remote:
                Near :local:
                Patterns INBOX
                Create Both
                Expunge Both
                SyncState *
                """.formatted(993 + MAIL.offset(), USER, PASSWORD, MAIL.data().resolve("tls/certificate.pem"), maildir, inbox));
        ProcessResult first = exec(List.of("mbsync", "-c", rc.toString(), "-V", "-a"), Optional.of(home));
        assertThat(first.exit()).as(first.output()).isZero();
        Map<String, String> afterFirst = maildir(inbox);
        assertThat(afterFirst).hasSize(3);
        assertThat(afterFirst.values()).as("the server's messages, line for line").contains(local(MESSAGE), local(SECOND), local(localMessage));
        List<MessageMetadata> server1 = TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX);
        assertThat(server1).hasSize(3).anySatisfy(m -> assertThat(m.envelope().subject()).isEqualTo("written offline"));
        long modSeq = TestMailboxes.highestModSeq(MAIL.data(), USER);

        ProcessResult second = exec(List.of("mbsync", "-c", rc.toString(), "-V", "-a"), Optional.of(home));
        assertThat(second.exit()).as(second.output()).isZero();
        Map<String, String> afterSecond = maildir(inbox);
        assertThat(afterSecond.keySet()).isEqualTo(afterFirst.keySet());
        assertThat(TestMailboxes.messages(MAIL.data(), USER, SpecialUse.INBOX)).isEqualTo(server1);
        assertThat(TestMailboxes.highestModSeq(MAIL.data(), USER)).as("nothing changed on the server").isEqualTo(modSeq);
        assertThat(afterSecond).isEqualTo(afterFirst);
    }
}

package org.postern.clientaccess.pop3;

import org.postern.auth.testing.OneUserAuthenticator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.auth.AuthContext;
import org.postern.auth.AuthFailure;
import org.postern.auth.Authenticator;
import org.postern.auth.SaslExchange;
import org.postern.auth.SaslStep;
import org.postern.core.address.EmailAddress;
import org.postern.core.directory.Recipient.User;
import org.postern.core.net.StreamConnection;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.protocols.pop3.Pop3Limits;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.sql.Database;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;

/** Sessions over scripted streams, on a real SQLite store and a stand-in authenticator. */
class Pop3SessionTest {

    static final EmailAddress ALICE = EmailAddress.parse("alice@example.test");
    static final User ALICE_USER = OneUserAuthenticator.ALICE_USER;

    @TempDir
    Path tmp;
    Database db;
    SqlMailboxStore store;
    FolderId inbox;
    Pop3Backend backend;

    @BeforeEach
    void open() {
        db = Database.sqlite(tmp.resolve("store.db"));
        store = SqlMailboxStore.open(db, tmp.resolve("blobs"), StoreLimits.defaults());
        store.createMailbox(ALICE);
        inbox = store.findFolder(ALICE, SpecialUse.INBOX).orElseThrow().id();
        backend = new Pop3Backend(new OneUserAuthenticator(), store, new MaildropLocks(), Pop3Limits.DEFAULTS.withMaxBadCommands(5), "pop.example.test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    long append(String message) {
        return store.append(inbox, AppendRequest.of(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)))).uid();
    }

    /** Runs a session over the scripted input; returns what the server wrote. */
    String run(InputStream in, boolean tls) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Pop3Session(new StreamConnection(in, out, InetAddress.getLoopbackAddress(), "POP3", tls), backend).run();
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    String run(boolean tls, String... lines) {
        return run(new ByteArrayInputStream((String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8)), tls);
    }

    @Test
    void aFullSessionReadsMarksAndRemovesAtQuit() {
        String m1 = "Subject: one\r\n\r\n.starts with a dot\r\nbody \u00e9\r\n";
        String m2 = "Subject: two\r\n\r\nline 1\r\nline 2\r\nline 3\r\n";
        long uid1 = append(m1);
        long uid2 = append(m2);
        long validity = store.status(inbox).uidValidity();
        String t = run(true, "CAPA", "USER alice@example.test", "PASS secret", "STAT", "LIST", "UIDL 2", "RETR 1",
                "TOP 2 1", "DELE 2", "DELE 2", "LIST 2", "STAT", "RSET", "DELE 2", "NOOP", "QUIT");
        assertThat(t).isEqualTo("+OK pop.example.test Postern POP3 server ready\r\n"
                + "+OK Capability list follows\r\nUSER\r\nSASL PLAIN\r\nTOP\r\nUIDL\r\nRESP-CODES\r\nAUTH-RESP-CODE\r\nPIPELINING\r\n.\r\n"
                + "+OK Send PASS\r\n"
                + "+OK Logged in, 2 messages (" + (m1.length() + m2.length()) + " octets)\r\n"
                + "+OK 2 " + (m1.length() + m2.length()) + "\r\n"
                + "+OK 2 messages (" + (m1.length() + m2.length()) + " octets)\r\n1 " + m1.length() + "\r\n2 " + m2.length() + "\r\n.\r\n"
                + "+OK 2 " + validity + "." + uid2 + "\r\n"
                + "+OK " + m1.length() + " octets\r\nSubject: one\r\n\r\n..starts with a dot\r\nbody \u00e9\r\n.\r\n"
                + "+OK Top of message follows\r\nSubject: two\r\n\r\nline 1\r\n.\r\n"
                + "+OK Message 2 deleted\r\n"
                + "-ERR Message already deleted\r\n"
                + "-ERR No such message\r\n"
                + "+OK 1 " + m1.length() + "\r\n"
                + "+OK Maildrop has 2 messages (" + (m1.length() + m2.length()) + " octets)\r\n"
                + "+OK Message 2 deleted\r\n"
                + "+OK\r\n"
                + "+OK Bye, 1 messages deleted\r\n");
        assertThat(store.fetch(inbox, UidSet.all())).singleElement().satisfies(m -> {
            assertThat(m.uid()).isEqualTo(uid1);
            assertThat(m.flags()).contains(Flag.SEEN);
        });
        assertThat(backend.locks().held()).isZero();
    }

    @Test
    void droppedConnectionRemovesNothing() {
        append("Subject: a\r\n\r\nx\r\n");
        String t = run(true, "USER alice@example.test", "PASS secret", "DELE 1");
        assertThat(t).endsWith("+OK Message 1 deleted\r\n");
        assertThat(store.fetch(inbox, UidSet.all())).hasSize(1);
        assertThat(backend.locks().held()).isZero();
    }

    @Test
    void beforeTlsCredentialsAreRefusedAndCapaOffersNone() {
        String t = run(false, "CAPA", "USER alice@example.test", "PASS secret", "AUTH PLAIN", "APOP a b", "QUIT");
        assertThat(t).contains("+OK Capability list follows\r\nTOP\r\nUIDL\r\n")
                .doesNotContain("USER\r\n").doesNotContain("SASL")
                .contains("-ERR [AUTH] Plaintext authentication disallowed on non-secure connections; use STLS first\r\n")
                .endsWith("+OK Bye\r\n");
    }

    @Test
    void saslPlainWithAndWithoutInitialResponse() {
        String ir = Base64.getEncoder().encodeToString("\0alice@example.test\0secret".getBytes(StandardCharsets.UTF_8));
        assertThat(run(true, "AUTH PLAIN " + ir, "QUIT")).contains("+OK Logged in, 0 messages (0 octets)\r\n");
        assertThat(run(true, "AUTH PLAIN", ir, "QUIT")).contains("+ \r\n+OK Logged in");
        assertThat(run(true, "AUTH PLAIN", "*", "QUIT")).contains("-ERR Authentication cancelled\r\n");
        assertThat(run(true, "AUTH PLAIN", "not base64!", "QUIT")).contains("-ERR Malformed credentials\r\n");
        assertThat(run(true, "AUTH CRAM-MD5", "QUIT")).contains("-ERR Unsupported authentication mechanism\r\n");
        assertThat(run(true, "AUTH", "QUIT")).contains("+OK Supported mechanisms follow\r\nPLAIN\r\n.\r\n");
    }

    @Test
    void wrongPasswordAndLockedMaildrop() {
        assertThat(run(true, "USER alice@example.test", "PASS wrong", "PASS secret", "QUIT"))
                .contains("-ERR [AUTH] Authentication failed\r\n-ERR USER first\r\n");
        var lease = backend.locks().tryLock(inbox).orElseThrow();
        try {
            assertThat(run(true, "USER alice@example.test", "PASS secret", "STAT", "QUIT"))
                    .contains("-ERR [IN-USE] Mailbox is locked by another POP3 session\r\n-ERR Command not valid in this state\r\n");
        } finally {
            lease.close();
        }
    }

    @Test
    void garbageSpendsTheBudgetAndClosesMalformedCommandsDoNot() {
        String[] lines = new String[100];
        Arrays.fill(lines, "garbage");
        String t = run(true, lines);
        assertThat(t.lines().filter(l -> l.equals("-ERR Unknown command")).count()).isEqualTo(5);
        assertThat(t).endsWith("-ERR Too many bad commands, closing\r\n");
        assertThat(run(true, "RETR x", "USER alice@example.test", "PASS secret", "RETR 9", "QUIT"))
                .contains("-ERR A message number expected\r\n").contains("+OK Logged in").endsWith("+OK Bye\r\n");
        assertThat(run(true, "NOOP " + "x".repeat(20_000), "QUIT")).contains("-ERR Line too long\r\n").endsWith("+OK Bye\r\n");
    }

    @Test
    void anIdleClientIsLoggedOutAndNothingIsRemoved() {
        append("Subject: a\r\n\r\nx\r\n");
        byte[] script = "USER alice@example.test\r\nPASS secret\r\nDELE 1\r\n".getBytes(StandardCharsets.US_ASCII);
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(script),
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new SocketTimeoutException("idle");
                    }
                });
        assertThat(run(in, true)).endsWith("+OK Message 1 deleted\r\n-ERR [SYS/TEMP] Autologout: idle for too long\r\n");
        assertThat(store.fetch(inbox, UidSet.all())).hasSize(1);
        assertThat(backend.locks().held()).isZero();
    }

    @Test
    void randomInputNeverEscapesTheSession() {
        append("Subject: a\r\n\r\n.x\r\n");
        Random random = new Random(5034);
        String[] verbs = {"USER alice@example.test", "PASS secret", "RETR ", "TOP ", "DELE ", "LIST ", "UIDL ", "AUTH PLAIN ", "RSET", "STAT", "CAPA", ""};
        for (int round = 0; round < 200; round++) {
            ByteArrayOutputStream script = new ByteArrayOutputStream();
            for (int i = 0; i < 30; i++) {
                String verb = verbs[random.nextInt(verbs.length)];
                byte[] noise = new byte[random.nextInt(12)];
                random.nextBytes(noise);
                script.writeBytes(verb.getBytes(StandardCharsets.UTF_8));
                if (random.nextInt(3) == 0) {
                    script.writeBytes(noise);
                } else if (verb.endsWith(" ")) {
                    script.writeBytes(Integer.toString(random.nextInt(4)).getBytes(StandardCharsets.US_ASCII));
                }
                script.writeBytes(random.nextInt(10) == 0 ? new byte[] {'\n'} : new byte[] {'\r', '\n'});
            }
            assertThat(run(new ByteArrayInputStream(script.toByteArray()), random.nextBoolean())).startsWith("+OK pop.example.test").doesNotContain("Internal error");
            assertThat(backend.locks().held()).isZero();
        }
        assertThat(store.fetch(inbox, UidSet.all())).hasSize(1);
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.core.config.PosternConfig;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.FolderId;
import org.postern.core.store.MailboxStore;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;

/**
 * UIDVALIDITY (RFC 3501 and RFC 9051 section 2.3.1.1) as Python's imaplib sees it on a real
 * {@code postern run} when the user's mailbox is deleted and made again within a second of its
 * making: the new Inbox has another UIDVALIDITY, and the server, which kept the old Inbox's UID
 * list from the client's SELECT, answers with the new Inbox's UIDs, although SQLite gave the new
 * Inbox the old one's row id and its UIDNEXT and message count are the old ones.
 */
class UidValidityClientsTest {

    static final String USER = "uma@example.test";
    static final String PASSWORD = "secret";

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    @TempDir
    Path tmp;

    @Test
    void aMailboxMadeAgainShowsANewUidValidityAndItsOwnUids() throws Exception {
        EmailAddress owner = EmailAddress.parse(USER);
        Path script = Path.of(UidValidityClientsTest.class.getResource("/imap/imaplib_uids.py").toURI());
        Path errors = tmp.resolve("imaplib.err");
        Process client = new ProcessBuilder("python3", script.toString(), Integer.toString(993 + MAIL.offset()), USER, PASSWORD)
                .redirectError(errors.toFile()).start();
        try (Foundation f = Foundation.open(new DataFolder(MAIL.data(), null), PosternConfig.defaults());
             BufferedReader out = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
             Writer in = client.outputWriter(StandardCharsets.US_ASCII)) {
            MailboxStore store = f.store();
            assertThat(out.readLine()).as("imaplib logged in; %s", errors).isEqualTo("ready");
            remake(store, owner, "warm", 1); // the store's first writes in this JVM are slow (class loading, JIT)
            // the old and the new mailbox made within one second (the old scheme's UIDVALIDITY counted from it)
            long next = Instant.now().getEpochSecond() + 1;
            Thread.sleep(Math.max(0, next * 1000 - System.currentTimeMillis()));
            remake(store, owner, "old", 2);
            List<String> before = select(in, out);
            assertThat(before.subList(1, before.size())).containsExactly("1 old 0", "3 old 2");

            remake(store, owner, "new", 3);
            List<String> after = select(in, out);
            assertThat(after.get(0)).as("after %s", before).startsWith("UIDVALIDITY ").isNotEqualTo(before.get(0));
            assertThat(after.subList(1, after.size())).containsExactly("1 new 0", "2 new 1");
        } finally {
            if (!client.waitFor(30, TimeUnit.SECONDS)) {
                client.destroyForcibly();
            }
        }
        assertThat(client.exitValue()).as("%s", Files.readString(errors)).isZero();
    }

    /** Deletes the owner's mailbox and makes it again, with three messages of which one is expunged: UIDNEXT 4, two messages. */
    private static void remake(MailboxStore store, EmailAddress owner, String name, long expunged) {
        if (store.hasMailbox(owner)) {
            store.deleteMailbox(owner);
        }
        store.createMailbox(owner);
        FolderId inbox = store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
        for (int i = 0; i < 3; i++) {
            byte[] message = ("Subject: " + name + " " + i + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII);
            store.append(inbox, AppendRequest.of(new ByteArrayInputStream(message)));
        }
        store.expunge(inbox, UidSet.of(expunged));
    }

    /** Asks the client for one SELECT and FETCH; its lines up to "end". */
    private static List<String> select(Writer in, BufferedReader out) throws Exception {
        in.write("select\n");
        in.flush();
        List<String> lines = new ArrayList<>();
        for (String line = out.readLine(); line != null && !line.equals("end"); line = out.readLine()) {
            lines.add(line);
        }
        assertThat(lines).isNotEmpty();
        assertThat(lines.get(0)).startsWith("UIDVALIDITY ");
        return lines;
    }
}

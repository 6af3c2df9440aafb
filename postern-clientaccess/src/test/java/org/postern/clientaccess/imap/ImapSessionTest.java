package org.postern.clientaccess.imap;

import org.postern.auth.testing.OneUserAuthenticator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
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
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidSet;
import org.postern.protocols.imap.ImapLimits;
import org.postern.protocols.sasl.PlainCredentials;
import org.postern.protocols.sasl.SaslFormatException;
import org.postern.sql.Database;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;

/** Sessions over pipes, on a real SQLite store and a stand-in authenticator. */
class ImapSessionTest {

    static final EmailAddress ALICE = EmailAddress.parse("alice@example.test");
    static final User ALICE_USER = OneUserAuthenticator.ALICE_USER;

    static final String M1 = "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: =?UTF-8?Q?Caf=C3=A9?= meeting\r\n"
            + "Date: Wed, 17 Jul 2024 02:23:25 -0700\r\nMessage-ID: <m1@example.test>\r\n"
            + "Content-Type: multipart/alternative; boundary=b1\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n\r\nLet us meet at the caf=C3=A9 =\r\ntomorrow.\r\n--b1\r\n"
            + "Content-Type: text/html\r\n\r\n<p>html</p>\r\n--b1--\r\n";
    static final String M2 = "From: carol@example.test\r\nSubject: second\r\n\r\nplain body two\r\n";

    @TempDir
    Path tmp;
    Database db;
    SqlMailboxStore store;
    FolderId inbox;
    ImapBackend backend;

    @BeforeEach
    void open() {
        db = Database.sqlite(tmp.resolve("store.db"));
        store = SqlMailboxStore.open(db, tmp.resolve("blobs"), StoreLimits.defaults());
        store.createMailbox(ALICE);
        inbox = store.findFolder(ALICE, SpecialUse.INBOX).orElseThrow().id();
        backend = new ImapBackend(new OneUserAuthenticator(), store,
                ImapLimits.DEFAULTS.withMaxAppend(4096).withFallbackPoll(Duration.ofSeconds(30)),
                new UserSessions(3), "imap.example.test");
    }

    @AfterEach
    void close() {
        db.close();
    }

    long append(String message) {
        return store.append(inbox, AppendRequest.of(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8)))).uid();
    }

    TestClient loggedIn() {
        TestClient c = new TestClient(backend, true);
        assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 AUTH=PLAIN SASL-IR ");
        assertThat(c.command("LOGIN alice@example.test secret")).contains("OK [CAPABILITY IMAP4rev1 ");
        return c;
    }

    @Test
    void beforeTlsLoginIsRefusedAndCapabilityShowsLoginDisabled() throws Exception {
        try (TestClient c = new TestClient(backend, false)) {
            assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1 IMAP4rev2 LOGINDISABLED ").doesNotContain("AUTH=");
            assertThat(c.command("LOGIN alice@example.test secret")).isEqualTo("a1 NO [PRIVACYREQUIRED] Use STARTTLS first: no credentials in clear text\r\n");
            assertThat(c.command("AUTHENTICATE PLAIN AGFsaWNlQGV4YW1wbGUudGVzdABzZWNyZXQ=")).startsWith("a2 NO [PRIVACYREQUIRED]");
            assertThat(c.command("SELECT INBOX")).startsWith("a3 BAD");
            assertThat(c.command("LOGOUT")).isEqualTo("* BYE imap.example.test logging out\r\na4 OK LOGOUT completed\r\n");
        }
    }

    @Test
    void aUserTheStoreDoesNotKnowYetGetsAMailboxAtLogin() throws Exception {
        store.deleteMailbox(ALICE); // as for a user of an external directory before any mail
        try (TestClient c = loggedIn()) {
            assertThat(c.command("SELECT INBOX")).contains("* 0 EXISTS\r\n").contains(" OK [READ-WRITE] SELECT completed");
        }
        assertThat(store.hasMailbox(ALICE)).isTrue();
    }

    @Test
    void authenticatePlainWithAndWithoutInitialResponse() throws Exception {
        String ir = Base64.getEncoder().encodeToString("\0alice@example.test\0secret".getBytes(StandardCharsets.US_ASCII));
        try (TestClient c = new TestClient(backend, true)) {
            c.line();
            assertThat(c.command("AUTHENTICATE PLAIN " + ir)).contains("a1 OK [CAPABILITY ");
        }
        try (TestClient c = new TestClient(backend, true)) {
            c.line();
            c.write("t1 AUTHENTICATE PLAIN\r\n");
            assertThat(c.line()).isEqualTo("+ ");
            c.write(Base64.getEncoder().encodeToString("\0alice@example.test\0wrong".getBytes(StandardCharsets.US_ASCII)) + "\r\n");
            assertThat(c.until("t1 ")).isEqualTo("t1 NO [AUTHENTICATIONFAILED] Authentication failed\r\n");
        }
    }

    @Test
    void selectFetchStoreSearchExpunge() throws Exception {
        long uid1 = append(M1);
        long uid2 = append(M2);
        long validity = store.status(inbox).uidValidity();
        try (TestClient c = loggedIn()) {
            String select = c.command("SELECT INBOX");
            assertThat(select).contains("* 2 EXISTS\r\n", "* OK [UIDVALIDITY " + validity + "]", "* OK [UNSEEN 1]",
                    "* OK [UIDNEXT " + (uid2 + 1) + "]", "a2 OK [READ-WRITE] SELECT completed");
            String fetch = c.command("FETCH 1 (FLAGS UID RFC822.SIZE ENVELOPE BODY.PEEK[1])");
            assertThat(fetch).startsWith("* 1 FETCH (FLAGS (\\Recent) UID " + uid1 + " RFC822.SIZE " + M1.length() + " ENVELOPE (\"Wed, 17 Jul 2024 02:23:25 -0700\" \"=?UTF-8?Q?Caf=C3=A9?= meeting\" ((\"Bob\" NIL \"bob\" \"example.test\"))")
                    .contains("BODY[1] {41}\r\nLet us meet at the caf=C3=A9 =\r\ntomorrow.)\r\n");
            assertThat(c.command("UID FETCH " + uid2 + " (BODY[])")).isEqualTo("* 2 FETCH (UID " + uid2 + " FLAGS (\\Recent \\Seen) BODY[] {" + M2.length() + "}\r\n"
                    + M2 + ")\r\na4 OK FETCH completed\r\n");
            assertThat(c.command("FETCH 1 BODYSTRUCTURE")).contains("BODYSTRUCTURE ((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"utf-8\") NIL NIL \"QUOTED-PRINTABLE\"");
            assertThat(c.command("SEARCH BODY caf\u00e9")).contains(" BAD ");
            assertThat(c.command("SEARCH CHARSET UTF-8 BODY \"caf\u00e9\"")).isEqualTo("* SEARCH 1\r\n" + c.lastTag() + " OK SEARCH completed\r\n");
            assertThat(c.command("SEARCH CHARSET UTF-8 SUBJECT \"caf\u00e9\" FROM bob")).startsWith("* SEARCH 1\r\n");
            assertThat(c.command("UID SEARCH SEEN")).startsWith("* SEARCH " + uid2 + "\r\n");
            assertThat(c.command("SEARCH TEXT \"plain body\" NOT SEEN")).startsWith("* SEARCH\r\n");
            assertThat(c.command("SEARCH RETURN (MIN MAX COUNT) ALL")).startsWith("* ESEARCH (TAG \"" + c.lastTag() + "\") MIN 1 MAX 2 COUNT 2\r\n");
            assertThat(c.command("STORE 1 +FLAGS (\\Deleted $Work)"))
                    .startsWith("* FLAGS (\\Answered \\Deleted \\Draft \\Flagged \\Seen $Work)\r\n"
                            + "* OK [PERMANENTFLAGS (\\Answered \\Deleted \\Draft \\Flagged \\Seen $Work \\*)] Flags permitted\r\n"
                            + "* 1 FETCH (FLAGS (\\Deleted \\Recent $Work))\r\n");
            assertThat(c.command("STORE 5 +FLAGS (\\Deleted)")).contains("BAD Message sequence number out of range");
            assertThat(c.command("EXPUNGE")).isEqualTo("* 1 EXPUNGE\r\n* 1 RECENT\r\n" + c.lastTag() + " OK EXPUNGE completed\r\n");
            assertThat(c.command("FETCH 1 UID")).startsWith("* 1 FETCH (UID " + uid2 + ")");
            assertThat(c.command("LOGOUT")).contains("OK LOGOUT completed");
        }
        assertThat(store.fetchFlags(inbox, UidSet.all())).singleElement().satisfies(m -> assertThat(m.flags()).contains(Flag.SEEN));
    }

    @Test
    void appendCopyMoveAndFolders() throws Exception {
        try (TestClient c = loggedIn()) {
            assertThat(c.command("ENABLE CONDSTORE")).startsWith("* ENABLED CONDSTORE\r\n");
            assertThat(c.command("CREATE Projects/Caf&AOk-")).matches("(?s).* OK \\[MAILBOXID \\(F\\d+\\)\\] CREATE completed\r\n");
            String list = c.command("LIST \"\" *");
            assertThat(list).contains("* LIST (\\HasNoChildren) \"/\" INBOX\r\n", "* LIST (\\HasNoChildren \\Sent) \"/\" \"Sent Items\"\r\n",
                    "* LIST (\\HasChildren) \"/\" Projects\r\n", "* LIST (\\HasNoChildren) \"/\" Projects/Caf&AOk-\r\n");
            assertThat(c.command("LIST \"\" %")).doesNotContain("Projects/");
            assertThat(c.command("LIST \"\" \"\"")).startsWith("* LIST (\\Noselect) \"/\" \"\"\r\n");
            c.write("x1 APPEND INBOX (\\Flagged) {" + M2.length() + "}\r\n");
            assertThat(c.line()).startsWith("+ ");
            c.write(M2 + "\r\n");
            assertThat(c.until("x1 ")).matches("x1 OK \\[APPENDUID \\d+ 1\\] APPEND completed\r\n");
            c.write("x2 APPEND INBOX {" + M1.length() + "+}\r\n" + M1 + "\r\n");
            assertThat(c.until("x2 ")).contains("x2 OK [APPENDUID ");
            assertThat(c.command("APPEND INBOX {99999}")).isEqualTo(c.lastTag() + " NO [TOOBIG] Message too big, the limit is 4096 octets\r\n");
            assertThat(c.command("APPEND Nowhere {1+}\r\nx")).contains("NO [TRYCREATE]");
            assertThat(c.command("STATUS INBOX (MESSAGES UNSEEN UIDNEXT)")).startsWith("* STATUS \"INBOX\" (MESSAGES 2 UNSEEN 2 UIDNEXT 3)\r\n");
            assertThat(c.command("SELECT INBOX")).contains("* 2 EXISTS");
            assertThat(c.command("COPY 1:2 \"Projects/Caf&AOk-\"")).matches("(?s)a\\d+ OK \\[COPYUID \\d+ 1:2 1:2\\] COPY completed\r\n");
            assertThat(c.command("UID MOVE 2 \"Sent Items\"")).matches("(?s)\\* OK \\[COPYUID \\d+ 2 1\\] Moved\r\n\\* 2 EXPUNGE\r\n\\* 1 RECENT\r\na\\d+ OK MOVE completed\r\n");
            assertThat(c.command("STATUS \"Projects/Caf&AOk-\" (MESSAGES)")).startsWith("* STATUS \"Projects/Caf&AOk-\" (MESSAGES 2)");
            assertThat(c.command("DELETE Projects")).contains("NO [CANNOT]");
            assertThat(c.command("RENAME Projects Archive")).contains("OK RENAME completed");
            assertThat(c.command("LSUB \"\" Archive*")).contains("* LSUB () \"/\" Archive/Caf&AOk-\r\n");
            assertThat(c.command("UNSUBSCRIBE Archive")).contains("OK");
            assertThat(c.command("LIST (SUBSCRIBED) \"\" Archive*")).doesNotContain("\"/\" Archive\r\n").contains("\\Subscribed");
            assertThat(c.command("NAMESPACE")).startsWith("* NAMESPACE ((\"\" \"/\")) NIL NIL\r\n");
            assertThat(c.command("UNSELECT")).contains("OK UNSELECT completed");
        }
    }

    @Test
    void deletingTheSelectedFolderEndsTheSelectionHereAndTheSessionElsewhere() throws Exception {
        try (TestClient a = loggedIn(); TestClient b = loggedIn()) {
            assertThat(a.command("CREATE Doomed")).contains("CREATE completed");
            assertThat(a.command("SELECT Doomed")).contains("OK [READ-WRITE]");
            assertThat(b.command("SELECT Doomed")).contains("OK [READ-WRITE]");
            assertThat(a.command("DELETE Doomed")).endsWith(a.lastTag() + " OK DELETE completed\r\n");
            assertThat(a.command("FETCH 1 FLAGS")).contains(" BAD "); // back in the authenticated state
            assertThat(a.command("SELECT Doomed")).contains("NO [NONEXISTENT]");
            assertThat(b.command("NOOP")).isEqualTo("* BYE Selected mailbox has been deleted\r\n");
        }
    }

    @Test
    void twoSessionsSeeEachOthersChangesAndIdleWakesAtOnce() throws Exception {
        append(M2);
        try (TestClient a = loggedIn(); TestClient b = loggedIn()) {
            a.command("SELECT INBOX");
            b.command("SELECT INBOX");
            b.command("STORE 1 +FLAGS (\\Flagged)");
            assertThat(a.command("NOOP")).startsWith("* 1 FETCH (FLAGS (\\Flagged \\Recent))\r\n"); // a selected first
            b.command("UNSELECT"); // so a, idling, is the first session told of b's APPEND
            a.write("i1 IDLE\r\n");
            assertThat(a.line()).isEqualTo("+ idling");
            b.write("x APPEND INBOX {" + M1.length() + "+}\r\n" + M1 + "\r\n");
            assertThat(b.until("x ")).contains("x OK [APPENDUID ");
            long appended = b.lastLineWrittenAt();
            assertThat(a.line()).isEqualTo("* 2 EXISTS");
            // Both moments are when the server wrote (its threads), not when this thread read: a
            // slow test thread does not count against the server. The fallback poll is 30 s.
            assertThat(Duration.ofNanos(a.lastLineWrittenAt() - appended)).as("from the APPEND's OK to EXISTS in IDLE")
                    .isLessThan(Duration.ofSeconds(1));
            assertThat(a.line()).isEqualTo("* 2 RECENT");
            b.command("SELECT INBOX");
            b.command("STORE 1 +FLAGS (\\Deleted)");
            assertThat(a.line()).isEqualTo("* 1 FETCH (FLAGS (\\Deleted \\Flagged \\Recent))");
            b.command("EXPUNGE");
            assertThat(a.line()).isEqualTo("* 1 EXPUNGE");
            assertThat(a.line()).isEqualTo("* 1 RECENT");
            a.write("DONE\r\n");
            assertThat(a.until("i1 ")).isEqualTo("i1 OK IDLE terminated\r\n");
            assertThat(a.command("FETCH 1:* UID")).startsWith("* 1 FETCH (UID 2)\r\n");
        }
    }

    @Test
    void sessionsOfAnUnchangedFolderShareItsUidsAndEachChangesOnlyItsOwnView() throws Exception {
        append(M1);
        append(M2);
        append(M2);
        try (TestClient a = loggedIn(); TestClient b = loggedIn(); TestClient c = loggedIn()) {
            a.command("SELECT INBOX");
            b.command("SELECT INBOX"); // the store's kept UIDs: the same array as a's
            c.command("EXAMINE INBOX");
            b.command("STORE 1 +FLAGS.SILENT (\\Deleted)");
            assertThat(b.command("EXPUNGE")).startsWith("* 1 EXPUNGE\r\n");
            assertThat(b.command("FETCH 1:* UID")).startsWith("* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 3)\r\n");
            assertThat(a.command("NOOP")).contains("* 1 EXPUNGE\r\n");
            b.write("x APPEND INBOX {" + M2.length() + "+}\r\n" + M2 + "\r\n");
            assertThat(b.until("x ")).contains("* 3 EXISTS\r\n");
            assertThat(b.command("UID SEARCH ALL")).startsWith("* SEARCH 2 3 4\r\n");
            assertThat(a.command("FETCH 1:* UID")).startsWith("* 1 FETCH (UID 2)\r\n* 2 FETCH (UID 3)\r\n");
            // c's view still has message 1 (its expunge not told during FETCH) and learns of the new one
            assertThat(c.command("FETCH 1:* UID")).startsWith("* 2 FETCH (UID 2)\r\n* 3 FETCH (UID 3)\r\n* 4 EXISTS\r\n");
            assertThat(c.command("NOOP")).startsWith("* 1 EXPUNGE\r\n");
            assertThat(c.command("UID SEARCH ALL")).startsWith("* SEARCH 2 3 4\r\n");
            assertThat(a.command("SELECT INBOX")).contains("* 3 EXISTS\r\n");
            assertThat(a.command("UID SEARCH ALL")).startsWith("* SEARCH 2 3 4\r\n");
        }
    }

    @Test
    void malformedCommandsGetBadAndTheSessionGoesOn() throws Exception {
        try (TestClient c = loggedIn()) {
            for (int i = 0; i < 1000; i++) {
                assertThat(c.command(i % 2 == 0 ? "FROB" : "SEARCH (((")).contains(" BAD ");
            }
            c.write("((((\r\n");
            assertThat(c.line()).startsWith("* BAD");
            assertThat(c.command("SELECT INBOX (" + "(".repeat(50))).contains(" BAD ");
            assertThat(c.command("SEARCH " + "(".repeat(100) + "ALL" + ")".repeat(100))).contains("BAD Search keys nested too deeply");
            assertThat(c.command("NOOP")).endsWith("OK NOOP completed\r\n");
        }
    }

    @Test
    void sessionsPerUserAreBounded() throws Exception {
        try (TestClient a = loggedIn(); TestClient b = loggedIn(); TestClient c = loggedIn(); TestClient d = new TestClient(backend, true)) {
            d.line();
            assertThat(b.command("NOOP")).contains("OK");
            assertThat(c.command("NOOP")).contains("OK");
            assertThat(d.command("LOGIN alice@example.test secret")).isEqualTo("a1 NO [LIMIT] Too many sessions for this user\r\n");
            a.command("LOGOUT");
            a.end(); // its session has ended, and with it its lease (not a guess at how long that takes)
            assertThat(d.command("LOGIN alice@example.test secret")).contains("a2 OK");
        }
    }

    @Test
    void condstoreAndQresync() throws Exception {
        long uid1 = append(M1);
        long uid2 = append(M2);
        long validity = store.status(inbox).uidValidity();
        long modSeq;
        try (TestClient c = loggedIn()) {
            assertThat(c.command("ENABLE QRESYNC")).startsWith("* ENABLED QRESYNC\r\n");
            String select = c.command("SELECT INBOX");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("HIGHESTMODSEQ (\\d+)").matcher(select);
            assertThat(m.find()).isTrue();
            modSeq = Long.parseLong(m.group(1));
            String stored = c.command("UID STORE " + uid1 + " (UNCHANGEDSINCE " + modSeq + ") +FLAGS (\\Seen)");
            assertThat(stored).matches("(?s)\\* 1 FETCH \\(FLAGS \\(\\\\Recent \\\\Seen\\) UID " + uid1 + " MODSEQ \\(\\d+\\)\\)\r\na\\d+ OK STORE completed\r\n");
            assertThat(c.command("UID STORE " + uid1 + " (UNCHANGEDSINCE " + modSeq + ") +FLAGS (\\Flagged)"))
                    .endsWith("OK [MODIFIED " + uid1 + "] Conditional STORE failed for some messages\r\n");
            assertThat(c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + ")")).startsWith("* 1 FETCH (UID " + uid1 + " FLAGS (\\Recent \\Seen) MODSEQ (");
            assertThat(c.command("SEARCH MODSEQ " + (modSeq + 1))).startsWith("* SEARCH 1 (MODSEQ ");
            assertThat(c.command("UID STORE " + uid2 + " +FLAGS.SILENT (\\Deleted)")).doesNotContain("FETCH");
            assertThat(c.command("EXPUNGE")).startsWith("* VANISHED " + uid2 + "\r\n");
            assertThat(c.command("UID FETCH 1:* (FLAGS) (CHANGEDSINCE " + modSeq + " VANISHED)")).startsWith("* VANISHED (EARLIER) " + uid2 + "\r\n");
        }
        try (TestClient c = loggedIn()) {
            c.command("ENABLE QRESYNC");
            String resync = c.command("SELECT INBOX (QRESYNC (" + validity + " " + modSeq + " 1:" + uid2 + "))");
            assertThat(resync).contains("* VANISHED (EARLIER) " + uid2 + "\r\n", "* 1 FETCH (UID " + uid1 + " FLAGS (\\Seen) MODSEQ (");
        }
    }

    @Test
    void sectionsPartialsExamineAndClose() throws Exception {
        append(M1);
        append(M2);
        try (TestClient c = loggedIn()) {
            assertThat(c.command("EXAMINE INBOX")).contains("[PERMANENTFLAGS ()]", "OK [READ-ONLY] EXAMINE completed");
            assertThat(c.command("FETCH 2 (BODY[HEADER.FIELDS (SUBJECT)] BODY[TEXT]<6.4> RFC822.HEADER)")).isEqualTo(
                    "* 2 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {19}\r\nSubject: second\r\n\r\n BODY[TEXT]<6> {4}\r\nbody"
                    + " RFC822.HEADER {45}\r\nFrom: carol@example.test\r\nSubject: second\r\n\r\n)\r\n" + c.lastTag() + " OK FETCH completed\r\n");
            assertThat(c.command("FETCH 1 (BODY[2] BODY[1.MIME])")).contains("BODY[2] {11}\r\n<p>html</p>", "BODY[1.MIME] {");
            assertThat(c.command("FETCH 2 FLAGS")).as("EXAMINE never sets \\Seen, and shows as \\Recent what no SELECT claimed")
                    .startsWith("* 2 FETCH (FLAGS (\\Recent))");
            assertThat(c.command("STORE 1 +FLAGS (\\Deleted)")).contains("NO [READ-ONLY]");
            assertThat(c.command("SELECT INBOX")).contains("READ-WRITE");
            c.command("STORE 1 +FLAGS (\\Deleted)");
            assertThat(c.command("SEARCH RETURN (SAVE) DELETED")).doesNotContain("ESEARCH");
            assertThat(c.command("FETCH $ UID")).startsWith("* 1 FETCH (UID 1)");
            assertThat(c.command("UID SEARCH $")).startsWith("* SEARCH 1\r\n");
            assertThat(c.command("CLOSE")).isEqualTo(c.lastTag() + " OK CLOSE completed\r\n");
            assertThat(c.command("FETCH 1 UID")).contains("BAD");
            c.command("SELECT INBOX");
            assertThat(c.command("SEARCH $")).as("a new selection empties $").startsWith("* SEARCH\r\n");
            assertThat(c.command("STATUS INBOX (MESSAGES HIGHESTMODSEQ SIZE APPENDLIMIT)")).startsWith("* STATUS \"INBOX\" (MESSAGES 1 HIGHESTMODSEQ ");
        }
    }

    @Test
    void listStatusSpecialUseAndUtf8() throws Exception {
        try (TestClient c = loggedIn()) {
            String list = c.command("LIST (SPECIAL-USE) \"\" * RETURN (STATUS (MESSAGES UIDNEXT))");
            assertThat(list).contains("* LIST (\\HasNoChildren \\Trash) \"/\" \"Deleted Items\"\r\n* STATUS \"Deleted Items\" (MESSAGES 0 UIDNEXT 1)\r\n")
                    .doesNotContain("INBOX");
            assertThat(c.command("ENABLE UTF8=ACCEPT")).startsWith("* ENABLED UTF8=ACCEPT\r\n");
            assertThat(c.command("CREATE \"Caf\u00e9\"")).matches("(?s).* OK \\[MAILBOXID \\(F\\d+\\)\\] CREATE completed\r\n");
            assertThat(c.command("LIST \"\" Caf*")).startsWith("* LIST (\\HasNoChildren) \"/\" \"Caf\u00e9\"\r\n");
            assertThat(c.command("CREATE inbox/Sub")).matches("(?s).* OK \\[MAILBOXID \\(F\\d+\\)\\] CREATE completed\r\n");
            assertThat(c.command("LIST \"\" INBOX*")).contains("* LIST (\\HasChildren) \"/\" INBOX\r\n", "* LIST (\\HasNoChildren) \"/\" INBOX/Sub\r\n");
            assertThat(c.command("SELECT inbox/sub")).contains("NO [NONEXISTENT]");
            assertThat(c.command("SELECT Inbox/Sub")).contains("OK [READ-WRITE]");
            assertThat(c.command("ID (\"name\" \"test\")")).startsWith("* ID (\"name\" \"Postern\"");
        }
    }

    @Test
    void compressDeflateCarriesTheRestOfTheSession() throws Exception {
        append(M1);
        try (TestClient c = loggedIn(); TestClient other = loggedIn()) {
            assertThat(c.command("COMPRESS LZW")).contains("BAD Unknown compression mechanism");
            assertThat(c.command("COMPRESS DEFLATE")).isEqualTo(c.lastTag() + " OK DEFLATE active\r\n");
            c.compress();
            assertThat(c.command("SELECT INBOX")).contains("* 1 EXISTS", "OK [READ-WRITE]");
            assertThat(c.command("UID FETCH 1 BODY.PEEK[]")).contains("BODY[] {" + M1.length() + "}\r\n" + M1 + ")");
            assertThat(c.command("COMPRESS DEFLATE")).contains("NO [COMPRESSIONACTIVE]");
            other.command("SELECT INBOX");
            c.write("i IDLE\r\n");
            assertThat(c.line()).isEqualTo("+ idling");
            other.command("STORE 1 +FLAGS (\\Answered)");
            assertThat(c.line()).isEqualTo("* 1 FETCH (FLAGS (\\Answered \\Recent))");
            c.write("DONE\r\n");
            assertThat(c.until("i ")).isEqualTo("i OK IDLE terminated\r\n");
            assertThat(c.command("LOGOUT")).endsWith("OK LOGOUT completed\r\n");
        }
    }

    private static String threaded(String subject, String date, String id, String references) {
        return "From: x@example.test\r\nSubject: " + subject + "\r\nDate: " + date + "\r\nMessage-ID: " + id + "\r\n"
                + (references == null ? "" : "References: " + references + "\r\n") + "\r\nbody\r\n";
    }

    @Test
    void sortAndThread() throws Exception {
        append(threaded("Plans", "Mon, 1 Jul 2024 10:00:00 +0000", "<a@x>", null));
        append(threaded("Re: Plans", "Tue, 2 Jul 2024 10:00:00 +0000", "<b@x>", "<a@x>"));
        append(threaded("Other", "Wed, 3 Jul 2024 10:00:00 +0000", "<c@x>", null));
        append(threaded("Re: Plans", "Thu, 4 Jul 2024 10:00:00 +0000", "<d@x>", "<a@x> <b@x>"));
        append(threaded("Fwd: Other", "Sun, 30 Jun 2024 10:00:00 +0000", "<e@x>", "<missing@x>"));
        try (TestClient c = loggedIn()) {
            assertThat(c.command("CAPABILITY")).contains(" SORT ESORT THREAD=ORDEREDSUBJECT THREAD=REFERENCES ");
            c.command("SELECT INBOX");
            assertThat(c.command("SORT (DATE) UTF-8 ALL")).startsWith("* SORT 5 1 2 3 4\r\n");
            assertThat(c.command("SORT (SUBJECT) UTF-8 ALL")).startsWith("* SORT 3 5 1 2 4\r\n");
            assertThat(c.command("SORT (REVERSE ARRIVAL) US-ASCII NOT SUBJECT other")).startsWith("* SORT 4 2 1\r\n");
            assertThat(c.command("UID SORT (SUBJECT REVERSE DATE) UTF-8 ALL")).startsWith("* SORT 3 5 4 2 1\r\n");
            assertThat(c.command("SORT (DATE) KOI8-R ALL")).contains("NO [BADCHARSET");
            // ESORT (RFC 5267 section 3): ESEARCH in the sort order, RETURN () meaning ALL
            assertThat(c.command("SORT RETURN (MIN MAX COUNT) (DATE) UTF-8 ALL")).matches("\\* ESEARCH \\(TAG \"a\\d+\"\\) MIN 5 MAX 4 COUNT 5\r\n.*OK SORT completed\r\n");
            assertThat(c.command("SORT RETURN () (DATE) UTF-8 ALL")).matches("\\* ESEARCH \\(TAG \"a\\d+\"\\) ALL 5,1:4\r\n.*OK SORT completed\r\n");
            assertThat(c.command("UID SORT RETURN (ALL) (SUBJECT REVERSE DATE) UTF-8 ALL")).startsWith("* ESEARCH (TAG \"").contains("\") UID ALL 3,5,4,2,1\r\n");
            assertThat(c.command("SORT RETURN (COUNT MIN) (DATE) UTF-8 SUBJECT nothing")).contains("\") COUNT 0\r\n");
            assertThat(c.command("UID SORT RETURN (SAVE MIN) (REVERSE DATE) UTF-8 ALL")).contains("\") UID MIN 4\r\n", "OK SORT completed");
            assertThat(c.command("UID FETCH $ (UID)")).startsWith("* 4 FETCH (UID 4)\r\n").contains("OK");
            assertThat(c.command("SORT RETURN (SAVE) (DATE) UTF-8 SUBJECT plans")).doesNotContain("ESEARCH").contains("OK SORT completed");
            assertThat(c.command("UID FETCH $ (UID)")).startsWith("* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n* 4 FETCH (UID 4)\r\n");
            assertThat(c.command("SORT RETURN (PARTIAL 1:2) (DATE) UTF-8 ALL")).contains("BAD");
            assertThat(c.command("THREAD ORDEREDSUBJECT UTF-8 ALL")).startsWith("* THREAD (5 3)(1 (2)(4))\r\n");
            assertThat(c.command("THREAD REFERENCES UTF-8 ALL")).startsWith("* THREAD (1 2 4)(3 5)\r\n");
            assertThat(c.command("THREAD REFERENCES UTF-8 SUBJECT nothing")).startsWith("* THREAD\r\n");
            assertThat(c.command("THREAD BOGUS UTF-8 ALL")).contains("BAD Unknown threading algorithm");
        }
    }
}

package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.core.address.EmailAddress;
import org.postern.auth.testing.OneUserAuthenticator;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Flag;
import org.postern.core.store.FolderId;
import org.postern.core.store.HeaderBlock;
import org.postern.core.store.SpecialUse;
import org.postern.core.store.UidRange;
import org.postern.protocols.imap.ImapLimits;
import org.postern.sql.Database;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;

/**
 * The store's header-field index ({@code MailboxStore.searchHeader}, docs/adr/0020) answers what
 * reading the header blocks answers ({@link HeaderMatch}, itself checked against the text path by
 * {@link HeaderMatchTest}), on generated header blocks: encoded-words in Q and B, folding, bare
 * line feeds, octets beyond US-ASCII, letters whose case partners are beyond it, repeated fields;
 * and an IMAP session's SEARCH of flags beside header keys answers alike from the index (reading
 * the flags of few candidates or of all) and from the scan.
 */
class HeaderIndexAgreementTest {

    @TempDir
    Path tmp;

    private static final List<String> NAMES = List.of("Subject", "subject", "SUBJECT", " Subject ", "From", "To", "cc", "BCC",
            "Sub", "Subjects", "X-A");
    private static final List<String> PIECES = List.of("a", "A", "b", "topic-1", "Topic-12 ", " ", "\t", "\r\n ", "\r\n\t", "\n ",
            "\r", "=?UTF-8?B?w6Rw?=", "=?utf-8?q?a_b?=", "=?x?", "?=", "=?UTF-8?Q?=C3=A9t=C3=A9?=", "\u00e9", "\u00c9", "\u00ff",
            ":", "=?UTF-8?Q?=E2=84=AA?=", "=?UTF-8?B?xb8=?=", "s", "K", "=?UTF-8?Q?=F0=90=90=80?=", "=?ISO-8859-1?Q?K=F6ln?=",
            "=?UTF-8?Q?a=00b?=", "\u00c3\u00a4", "<x@example.test>", ",");
    private static final List<String> NEEDLES = List.of("", "a", "A", "b", "ab", "a b", "topic-1", "TOPIC-12 ", " a", "a ", "äp",
            "ÄP", "été", "ÉTÉ", "\u00ff", "\u0178", "a\tb", "=?", "?=", ":", "a\nb", "x", "k", "\u212a", "\u017f", "S", "köln",
            "\ud801\udc28", "ä", "a\u0000b", "a\ufffdb", "@example", "x@");

    @Test
    void indexAnswersAsTheHeaderBlocksDo() throws IOException {
        Random random = new Random(20);
        List<byte[]> blocks = new ArrayList<>();
        try (Database db = Database.sqlite(tmp.resolve("store.db"))) {
            SqlMailboxStore store = SqlMailboxStore.open(db, tmp.resolve("blobs"), StoreLimits.defaults());
            EmailAddress owner = EmailAddress.parse("agree@example.test");
            store.createMailbox(owner);
            FolderId inbox = store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
            for (int m = 0; m < 300; m++) {
                StringBuilder block = new StringBuilder();
                int fields = 1 + random.nextInt(4);
                for (int f = 0; f < fields; f++) {
                    block.append(NAMES.get(random.nextInt(NAMES.size()))).append(':');
                    int length = random.nextInt(6);
                    for (int p = 0; p < length; p++) {
                        block.append(PIECES.get(random.nextInt(PIECES.size())));
                    }
                    block.append(random.nextInt(5) == 0 ? "\n" : "\r\n");
                }
                byte[] bytes = (block + "\r\nbody\r\n").getBytes(StandardCharsets.ISO_8859_1);
                long uid = store.append(inbox, new AppendRequest(new ByteArrayInputStream(bytes), Set.of(), Set.of(), Instant.now(),
                        Optional.empty())).uid();
                assertThat(uid).isEqualTo(m + 1);
                blocks.add(HeaderBlock.read(new ByteArrayInputStream(bytes)));
            }
            int answered = 0;
            for (String field : List.of("subject", "SUBJECT", "from", "to", "cc", "bcc")) {
                for (String needle : NEEDLES) {
                    Optional<long[]> indexed = store.searchHeader(inbox, new UidRange(1, UidRange.MAX_UID), field, needle);
                    if (indexed.isEmpty()) {
                        assertThat(needle).as("only a needle the index cannot hold is left to the scan").matches("(?s).*[\u0000\ufffd].*");
                        continue;
                    }
                    answered++;
                    HeaderMatch match = new HeaderMatch(field, needle);
                    List<Long> scanned = new ArrayList<>();
                    for (int i = 0; i < blocks.size(); i++) {
                        if (match.matches(blocks.get(i))) {
                            scanned.add(i + 1L);
                        }
                    }
                    assertThat(Arrays.stream(indexed.get()).boxed().toList()).as("%s %s", field, needle).isEqualTo(scanned);
                }
            }
            assertThat(answered).isGreaterThan(150);
        }
    }

    @Test
    void aSessionSearchesFlagsBesideHeadersAlikeFromTheIndexAndFromTheScan() throws Exception {
        try (Database db = Database.sqlite(tmp.resolve("session.db"))) {
            SqlMailboxStore store = SqlMailboxStore.open(db, tmp.resolve("session-blobs"), StoreLimits.defaults());
            EmailAddress owner = OneUserAuthenticator.ALICE_USER.address();
            store.createMailbox(owner);
            FolderId inbox = store.findFolder(owner, SpecialUse.INBOX).orElseThrow().id();
            for (int uid = 1; uid <= 400; uid++) {
                String message = "From: sender" + (uid % 5) + "@example.test\r\nSubject: topic-" + (uid % 2 == 0 ? "even" : "odd")
                        + " #" + uid + "\r\n\r\nbody\r\n";
                store.append(inbox, new AppendRequest(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)),
                        uid % 3 == 0 ? Set.of(Flag.SEEN) : Set.of(), Set.of(), Instant.now(), Optional.empty()));
            }
            ImapBackend backend = new ImapBackend(new OneUserAuthenticator(), store, ImapLimits.DEFAULTS, new UserSessions(3),
                    "imap.example.test");
            List<String> searches = List.of(
                    "UNSEEN SUBJECT even", // 200 candidates in 200 runs: every message's flags read
                    "UNSEEN SUBJECT \"#1\"", // 1, 10-19, 100-199: three runs read
                    "SEEN FROM sender2 SUBJECT odd",
                    "NOT SEEN SUBJECT \"#39\"",
                    "OR SEEN SUBJECT \"#2\"",
                    "SUBJECT \"#40\" FROM sender0");
            List<String> indexed = answers(backend, searches);
            assertThat(indexed.getFirst()).startsWith("* SEARCH 2 4 8 10 14 16 20 22 ");
            assertThat(indexed.get(1)).startsWith("* SEARCH 1 10 11 13 14 16 17 19 100 101 103 ");
            assertThat(indexed.get(5)).isEqualTo("* SEARCH 40 400");
            try (var c = db.dataSource().getConnection(); var s = c.prepareStatement("UPDATE store_folder SET header_index_complete = 0")) {
                s.executeUpdate(); // as before the index backfill: SEARCH reads every header block
            }
            assertThat(store.searchHeader(inbox, new UidRange(1, 400), "subject", "even")).isEmpty();
            assertThat(answers(backend, searches)).isEqualTo(indexed);
        }
    }

    /** The untagged SEARCH line of each search, UID SEARCH in one selected session. */
    private static List<String> answers(ImapBackend backend, List<String> searches) throws Exception {
        List<String> out = new ArrayList<>();
        try (TestClient c = new TestClient(backend, true)) {
            c.line();
            assertThat(c.command("LOGIN alice@example.test secret")).contains(" OK ");
            assertThat(c.command("EXAMINE INBOX")).contains(" OK ");
            for (String search : searches) {
                String answer = c.command("UID SEARCH " + search);
                assertThat(answer).endsWith(c.lastTag() + " OK SEARCH completed\r\n");
                out.add(answer.substring(0, answer.indexOf("\r\n")));
            }
        }
        return out;
    }
}

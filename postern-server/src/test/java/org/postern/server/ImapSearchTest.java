package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postern.server.ImapClientsTest.ProcessResult;

/**
 * SEARCH of header fields (RFC 3501 section 6.4.4: HEADER, FROM, TO, CC, SUBJECT) by Python's
 * imaplib against a real {@code postern run}: the decoded value of an encoded-word (RFC 2047) in
 * ISO-8859-1 and UTF-8 with CHARSET UTF-8 and a literal, folded fields, field names in any case, a
 * field that is absent (HEADER x "" only where it is), and the same header keys beside flags,
 * dates and body text, by UID and by sequence number before and after an EXPUNGE, and in a folder
 * right after UID COPY and UID MOVE put messages there (the store's header-field index, ADR 0020,
 * follows each of them).
 */
class ImapSearchTest {

    static final String USER = "alice@example.test";
    static final String PASSWORD = "secret";
    static final List<String> MESSAGES = List.of(
            // 1: an ISO-8859-1 encoded-word, a Cc
            "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nCc: carol@example.test\r\n"
                    + "Subject: =?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\r\nhallo\r\n",
            // 2: a UTF-8 encoded-word, a To folded with a tab
            "From: Dora <dora@example.test>\r\nTo: Alice <alice@example.test>,\r\n\tBob Builder <bob@example.test>\r\n"
                    + "Subject: =?UTF-8?B?w5xiZXIgZGllIEJyw7xja2U=?=\r\nDate: Tue, 3 Nov 2026 10:00:00 +0000\r\n\r\nbridge\r\n",
            // 3: a plain subject folded over two lines, a field of our own in upper case
            "From: bob@example.test\r\nTo: alice@example.test\r\nSubject: Quarterly topic-7 report with a long\r\n"
                    + " subject line\r\nX-TRACKING-NOTE: audit\r\nDate: Wed, 4 Nov 2026 10:00:00 +0000\r\n\r\nquarterly figures\r\n",
            // 4: no Subject, no Cc
            "From: erin@example.test\r\nTo: alice@example.test\r\nDate: Thu, 5 Nov 2026 10:00:00 +0000\r\n\r\nno subject\r\n",
            // 5: topic-7 again, a Cc
            "From: Frank <frank@example.test>\r\nTo: alice@example.test\r\nCc: Dora <dora@example.test>\r\n"
                    + "Subject: Re: topic-7\r\nDate: Fri, 6 Nov 2026 10:00:00 +0000\r\n\r\nsee the report\r\n");

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD, data -> {
        for (String message : MESSAGES) {
            TestMailboxes.append(data, USER, message.getBytes(StandardCharsets.US_ASCII));
        }
    });

    @TempDir
    static Path tmp;

    private final ObjectMapper json = new ObjectMapper();
    private final ArrayNode steps = json.createArrayNode();

    @Test
    void imaplibSearchesHeaderFields() throws Exception {
        search("koeln", "UTF-8", "köln", "SUBJECT");
        search("koeln upper case", "UTF-8", "GRÜSSE", "SUBJECT"); // ß is not SS: no match
        search("gruesse", "UTF-8", "GRÜßE AUS", "SUBJECT");
        search("ueber", "UTF-8", "über die brücke", "SUBJECT");
        search("encoded form", null, null, "SUBJECT", "\"=?UTF-8?B?\"");
        search("folded to", null, null, "HEADER", "to", "\"alice@example.test>, bob builder\"");
        search("folded subject", null, null, "SUBJECT", "\"long subject line\"");
        search("own field upper case", null, null, "HEADER", "x-tracking-note", "AUDIT");
        search("own field any value", null, null, "HEADER", "X-Tracking-Note", "\"\"");
        search("cc present", null, null, "HEADER", "CC", "\"\"");
        search("cc text", null, null, "CC", "DORA");
        search("no subject", null, null, "NOT", "HEADER", "subject", "\"\"");
        search("absent field", null, null, "HEADER", "X-Absent", "\"\"");
        search("from case", null, null, "FROM", "BOB@EXAMPLE.TEST");
        search("or", null, null, "OR", "SUBJECT", "topic-7", "SUBJECT", "quarterly");
        search("trailing space", null, null, "SUBJECT", "\"topic-7 \"");
        store(3, "(\\Seen)");
        search("seen and subject", null, null, "SEEN", "SUBJECT", "topic-7");
        search("unseen and subject", null, null, "UNSEEN", "SUBJECT", "topic-7");
        search("since and subject", null, null, "SINCE", "1-Nov-2026", "SUBJECT", "topic-7");
        search("sent before and from", null, null, "SENTBEFORE", "5-Nov-2026", "FROM", "bob");
        search("body and subject", null, null, "BODY", "report", "SUBJECT", "topic-7");
        search("by number", false, null, null, "SUBJECT", "topic-7");
        store(1, "(\\Deleted)");
        expunge();
        search("by number after expunge", false, null, null, "SUBJECT", "topic-7");
        search("by uid after expunge", null, null, "OR", "SUBJECT", "topic-7", "CC", "\"\"");
        steps.addObject().put("create", "Projects");
        steps.addObject().putArray("copy").add("2:3").add("Projects");
        steps.addObject().putArray("move").add("5").add("Projects");
        search("inbox after move", null, null, "SUBJECT", "topic-7");
        search("inbox from after move", null, null, "FROM", "example.test");
        steps.addObject().put("select", "Projects");
        search("copied and moved", null, null, "SUBJECT", "topic-7");
        search("copied encoded-word", "UTF-8", "BRÜCKE", "SUBJECT");
        search("moved cc", null, null, "CC", "dora");
        store(3, "(\\Deleted)");
        expunge();
        search("after expunge in the copy", null, null, "SUBJECT", "topic-7");

        JsonNode found = run();
        assertThat(uids(found, "koeln")).containsExactly(1L);
        assertThat(uids(found, "koeln upper case")).isEmpty();
        assertThat(uids(found, "gruesse")).containsExactly(1L);
        assertThat(uids(found, "ueber")).containsExactly(2L);
        assertThat(uids(found, "encoded form")).isEmpty();
        assertThat(uids(found, "folded to")).containsExactly(2L);
        assertThat(uids(found, "folded subject")).containsExactly(3L);
        assertThat(uids(found, "own field upper case")).containsExactly(3L);
        assertThat(uids(found, "own field any value")).containsExactly(3L);
        assertThat(uids(found, "cc present")).containsExactly(1L, 5L);
        assertThat(uids(found, "cc text")).containsExactly(5L);
        assertThat(uids(found, "no subject")).containsExactly(4L);
        assertThat(uids(found, "absent field")).isEmpty();
        assertThat(uids(found, "from case")).containsExactly(1L, 3L);
        assertThat(uids(found, "or")).containsExactly(3L, 5L);
        assertThat(uids(found, "trailing space")).containsExactly(3L);
        assertThat(uids(found, "seen and subject")).containsExactly(3L);
        assertThat(uids(found, "unseen and subject")).containsExactly(5L);
        assertThat(uids(found, "since and subject")).containsExactly(3L, 5L);
        assertThat(uids(found, "sent before and from")).containsExactly(1L, 3L);
        assertThat(uids(found, "body and subject")).containsExactly(5L);
        assertThat(uids(found, "by number")).containsExactly(3L, 5L);
        assertThat(uids(found, "by number after expunge")).containsExactly(2L, 4L);
        assertThat(uids(found, "by uid after expunge")).containsExactly(3L, 5L);
        assertThat(uids(found, "inbox after move")).containsExactly(3L);
        assertThat(uids(found, "inbox from after move")).containsExactly(2L, 3L, 4L);
        // Projects: UIDs 1 and 2 copied from 2 and 3, 3 moved from 5
        assertThat(uids(found, "copied and moved")).containsExactly(2L, 3L);
        assertThat(uids(found, "copied encoded-word")).containsExactly(1L);
        assertThat(uids(found, "moved cc")).containsExactly(3L);
        assertThat(uids(found, "after expunge in the copy")).containsExactly(2L);
    }

    private void search(String name, String charset, String literal, String... criteria) {
        search(name, true, charset, literal, criteria);
    }

    private void search(String name, boolean uid, String charset, String literal, String... criteria) {
        ObjectNode step = steps.addObject().put("name", name).put("uid", uid).put("charset", charset).put("literal", literal);
        ArrayNode list = step.putArray("criteria");
        for (String c : criteria) {
            list.add(c);
        }
    }

    private void store(long uid, String flags) {
        steps.addObject().putArray("store").add(uid).add(flags);
    }

    private void expunge() {
        steps.addObject().put("expunge", true);
    }

    private JsonNode run() throws Exception {
        Path in = tmp.resolve("searches.json");
        Path out = tmp.resolve("found.json");
        json.writeValue(in.toFile(), steps);
        Path script = Path.of(ImapSearchTest.class.getResource("/imap/imaplib_search.py").toURI());
        ProcessResult r = ImapClientsTest.exec(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(993 + MAIL.offset()),
                USER, PASSWORD, in.toString(), out.toString()), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        return json.readTree(out.toFile());
    }

    private static List<Long> uids(JsonNode found, String name) {
        assertThat(found.has(name)).as("search %s ran", name).isTrue();
        List<Long> out = new ArrayList<>();
        found.get(name).forEach(n -> out.add(n.asLong()));
        return out;
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code \Recent} (RFC 3501 section 2.3.2) as Python's imaplib sees it on a real {@code postern
 * run}: a message is recent in exactly one session, the first read-write one told of it, whether
 * it was there before the SELECT (put in by another process, through the store), delivered by
 * SMTP through the hub, or appended by a session; STATUS and EXAMINE see the unclaimed ones
 * without claiming them (section 6.3.2). RECENT counts, FETCH FLAGS and SEARCH RECENT, NEW and OLD
 * agree in each session.
 */
class ImapRecentTest {

    static final String USER = "rita@example.test";
    static final String PASSWORD = "secret";

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD);

    @TempDir
    static Path tmp;

    @Test
    void eachMessageIsRecentInTheOneSessionToldOfItFirst() throws Exception {
        TestMailboxes.append(MAIL.data(), USER, "Subject: one\r\n\r\nfirst\r\n".getBytes(StandardCharsets.US_ASCII));
        TestMailboxes.append(MAIL.data(), USER, "Subject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII));
        Path out = tmp.resolve("recent.json");
        Path script = Path.of(ImapRecentTest.class.getResource("/imap/imaplib_recent.py").toURI());
        ImapClientsTest.ProcessResult r = ImapClientsTest.exec(List.of("python3", script.toString(), "127.0.0.1",
                Integer.toString(993 + MAIL.offset()), USER, PASSWORD, Integer.toString(25 + MAIL.offset()), out.toString()), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toFile());

        // STATUS and EXAMINE see the two unclaimed messages as recent and leave them so
        assertThat(s.get("status_before").asText()).contains("MESSAGES 2 RECENT 2");
        assertThat(s.get("examine_b").get("recent").asInt()).isEqualTo(2);
        assertSearch(s.get("examine_b_search"), "1 2", "1 2", "");
        assertThat(s.get("examine_b_flags").toString()).contains("UID 1 FLAGS (\\\\Recent)", "UID 2 FLAGS (\\\\Recent)");
        assertThat(s.get("status_after_examine").asText()).contains("MESSAGES 2 RECENT 2");

        // the first SELECT claims them; the second finds nothing recent
        assertThat(s.get("select_a").get("recent").asInt()).isEqualTo(2);
        assertSearch(s.get("select_a_search"), "1 2", "1 2", "");
        assertThat(s.get("select_a_flags").toString()).contains("UID 1 FLAGS (\\\\Recent)", "UID 2 FLAGS (\\\\Recent)");
        assertThat(s.get("select_b").get("recent").asInt()).isZero();
        assertSearch(s.get("select_b_search"), "", "", "1 2");
        assertThat(s.get("select_b_flags").toString()).doesNotContain("\\\\Recent");
        assertThat(s.get("status_after_select").asText()).contains("MESSAGES 2 RECENT 0");

        // a delivery by SMTP: recent in a, which NOOPed first, not in b
        assertThat(s.get("delivered_a_recent").asInt()).isEqualTo(3);
        assertThat(s.get("delivered_b_recent").asInt()).isZero();
        assertSearch(s.get("delivered_a_search"), "1 2 3", "1 2 3", "");
        assertSearch(s.get("delivered_b_search"), "", "", "1 2 3");

        // b's own APPEND: recent in b (told of it in the APPEND's reply), not in a
        assertThat(s.get("appended_b_recent").asInt()).isEqualTo(1);
        assertThat(s.get("appended_a_recent").asInt()).isEqualTo(3);
        assertSearch(s.get("appended_b_search"), "4", "4", "1 2 3");
        assertSearch(s.get("appended_a_search"), "1 2 3", "1 2 3", "4");

        // EXPUNGE of a recent message lowers the count; a re-SELECT keeps what the session claimed,
        // selecting another folder gives it up, and no session claims those messages again
        assertThat(s.get("expunge_a_recent").asInt()).isEqualTo(2);
        assertThat(s.get("reselect_a").get("exists").asInt()).isEqualTo(3);
        assertThat(s.get("reselect_a").get("recent").asInt()).isEqualTo(2);
        assertThat(s.get("back_a").get("recent").asInt()).isZero();
        assertThat(s.get("select_c").get("recent").asInt()).isZero();
        assertThat(s.get("status_c").asText()).contains("MESSAGES 3 RECENT 0");
    }

    private static void assertSearch(JsonNode search, String recent, String fresh, String old) {
        assertThat(String.join(" ", texts(search.get("RECENT")))).as("SEARCH RECENT").isEqualTo(recent);
        assertThat(String.join(" ", texts(search.get("NEW")))).as("SEARCH NEW").isEqualTo(fresh);
        assertThat(String.join(" ", texts(search.get("OLD")))).as("SEARCH OLD").isEqualTo(old);
    }

    private static List<String> texts(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}

package org.postern.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.postern.server.ImapClientsTest.ProcessResult;

/**
 * IMAP4rev2 (RFC 9051), BINARY (RFC 3516), SEARCHRES (RFC 5182) and LIST-EXTENDED (RFC 5258)
 * driven by clients nobody here wrote against a real {@code postern run}: Python's imaplib
 * (its {@code enable("IMAP4rev2")}, then SEARCH answered with ESEARCH, RETURN (SAVE) and
 * {@code $}, a BINARY part holding NUL octets sent as a literal8, STATUS SIZE and DELETED, LIST
 * in UTF-8, RECURSIVEMATCH with CHILDINFO) and curl ({@code imaps://} with custom commands: the
 * CAPABILITY, STATUS and LIST-EXTENDED of a rev1 session, and the head of a BINARY fetch).
 */
class Imap4rev2ClientsTest {

    static final String USER = "alice@example.test";
    static final String PASSWORD = "secret";
    /** Octets with NUL in them: BINARY must send them as a literal8. */
    static final byte[] ATTACHMENT = {0, 1, 2, (byte) 0xff, 0, 'P', 'D', 'F', '\r', '\n', 0};
    static final byte[] MESSAGE = ("From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: with an attachment\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\ncaf=C3=A9\r\n--b\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(ATTACHMENT) + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
    static final byte[] OTHER = "From: carol@example.test\r\nSubject: plain\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    static final OneUserServer MAIL = new OneUserServer(USER, PASSWORD, data -> {
        TestMailboxes.append(data, USER, OTHER);
        TestMailboxes.append(data, USER, MESSAGE);
    });

    @TempDir
    static Path tmp;

    @Test
    void imaplibEnablesImap4rev2() throws Exception {
        Path out = tmp.resolve("rev2.json");
        Path script = Path.of(Imap4rev2ClientsTest.class.getResource("/imap/imaplib_imap4rev2.py").toURI());
        ProcessResult r = ImapClientsTest.exec(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(993 + MAIL.offset()),
                USER, PASSWORD, out.toString()), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toFile());
        assertThat(s.get("capabilities").toString()).contains("\"IMAP4REV1\"", "\"IMAP4REV2\"", "\"BINARY\"", "\"SEARCHRES\"");
        assertThat(s.get("enabled").toString()).contains("IMAP4rev2");
        assertThat(s.get("select").asText()).isEqualTo("OK");
        assertThat(s.get("select_untagged").toString()).as("no RECENT in IMAP4rev2").doesNotContain("RECENT").contains("EXISTS", "LIST");
        assertThat(s.get("select_list").toString()).contains("(\\\\HasNoChildren) \\\"/\\\" INBOX");
        assertThat(s.get("search_all").toString()).contains("(TAG \\\"").contains("ALL 1:2");
        assertThat(s.get("search_classic").toString()).as("no untagged SEARCH: imaplib finds none").isEqualTo("[\"None\"]");
        assertThat(s.get("search_save").toString()).as("RETURN (SAVE) alone answers nothing").isEqualTo("[]");
        assertThat(s.get("fetch_head").asText()).contains("UID 2", "BINARY.SIZE[2] " + ATTACHMENT.length,
                "BINARY[2] ~{" + ATTACHMENT.length + "}");
        assertThat(HexFormat.of().parseHex(s.get("fetch_binary_hex").asText())).isEqualTo(ATTACHMENT);
        assertThat(s.get("status").toString()).contains("MESSAGES 2 SIZE " + (MESSAGE.length + OTHER.length) + " DELETED 0");
        assertThat(s.get("list_utf8").toString()).contains("(\\\\HasChildren) \\\"/\\\" \\\"Café\\\"",
                "(\\\\HasNoChildren) \\\"/\\\" \\\"Café/Menü\\\"");
        assertThat(s.get("list_recursivematch").toString())
                .isEqualTo("[\"(\\\\HasChildren) \\\"/\\\" \\\"Café\\\" (\\\"CHILDINFO\\\" (\\\"SUBSCRIBED\\\"))\"]");
    }

    /**
     * RFC 9051 appendix E items 12 and 21 (and 6): in an IMAP4rev2 session RECENT, NEW and OLD are
     * no search keys (BAD, the session goes on) while a rev1 session keeps them; an unsolicited
     * FETCH carries the UID in rev2 only; a parameter split by RFC 2231 comes out whole.
     */
    @Test
    void imaplibSeesWhatImap4rev2Removed() throws Exception {
        Path out = tmp.resolve("removed.json");
        Path script = Path.of(Imap4rev2ClientsTest.class.getResource("/imap/imaplib_imap4rev2_removed.py").toURI());
        ProcessResult r = ImapClientsTest.exec(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(993 + MAIL.offset()),
                USER, PASSWORD, out.toString()), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toFile());
        assertThat(s.get("rev1_recent").toString()).contains("\"OK\"", "SEARCH 1 2 3");
        assertThat(s.get("rev1_new").toString()).contains("\"OK\"", "SEARCH 1 2 3");
        assertThat(s.get("rev1_old").get("status").asText()).isEqualTo("OK");
        for (String key : List.of("rev2_recent", "rev2_new", "rev2_old", "rev2_sort_recent")) {
            assertThat(s.get(key).get("status").asText()).as(key).startsWith("BAD").contains("IMAP4rev2");
            assertThat(s.get(key).get("untagged")).as(key).isEmpty();
        }
        assertThat(s.get("rev2_after").toString()).as("the session goes on").contains("\"OK\"", "ESEARCH", "ALL 1:3");
        assertThat(s.get("rev2_unsolicited_fetch").toString()).isEqualTo("[\"1 (FLAGS (\\\\Flagged) UID 1)\"]");
        assertThat(s.get("rev1_unsolicited_fetch").toString()).as("rev1 without CONDSTORE: no UID needed")
                .isEqualTo("[\"2 (FLAGS (\\\\Answered \\\\Recent))\"]");
        assertThat(s.get("bodystructure").toString()).contains("(\\\"CHARSET\\\" \\\"us-ascii\\\" \\\"NAME\\\" \\\"a-long-name.txt\\\")");
    }

    /** ESORT (RFC 5267 section 3): SORT RETURN answered with ESEARCH in the sort order. */
    @Test
    void imaplibSortsWithReturnOptions() throws Exception {
        Path out = tmp.resolve("esort.json");
        Path script = Path.of(Imap4rev2ClientsTest.class.getResource("/imap/imaplib_esort.py").toURI());
        ProcessResult r = ImapClientsTest.exec(List.of("python3", script.toString(), "127.0.0.1", Integer.toString(993 + MAIL.offset()),
                USER, PASSWORD, out.toString()), Optional.empty());
        assertThat(r.exit()).as(r.output()).isZero();
        JsonNode s = new ObjectMapper().readTree(out.toFile());
        assertThat(s.get("capabilities").toString()).contains("\"SORT\"", "\"ESORT\"");
        assertThat(s.get("sort").toString()).isEqualTo("{\"status\":\"OK\",\"untagged\":[\"SORT 3 1 2\"]}");
        assertThat(s.get("esort").get("untagged").get(0).asText()).matches("ESEARCH \\(TAG \"\\w+\"\\) MIN 3 MAX 2 ALL 3,1:2 COUNT 3");
        assertThat(s.get("uid_esort_empty").get("untagged").get(0).asText()).matches("ESEARCH \\(TAG \"\\w+\"\\) UID ALL 2,1,3");
        assertThat(s.get("esort_none").get("untagged").get(0).asText()).matches("ESEARCH \\(TAG \"\\w+\"\\) COUNT 0");
        assertThat(s.get("esort_unknown").get("status").asText()).startsWith("BAD");
    }

    @Test
    void curlSeesRev2CapabilityStatusDeletedListExtendedAndBinary() throws Exception {
        String base = "imaps://127.0.0.1:" + (993 + MAIL.offset()) + "/";
        ProcessResult caps = curl(base, "CAPABILITY");
        assertThat(caps.exit()).as(caps.output()).isZero();
        assertThat(caps.output()).contains("IMAP4rev1 IMAP4rev2 ").contains(" BINARY ", " LIST-EXTENDED ");
        ProcessResult status = curl(base, "STATUS INBOX (MESSAGES DELETED SIZE)");
        assertThat(status.output()).contains("* STATUS \"INBOX\" (MESSAGES 2 DELETED 0 SIZE " + (MESSAGE.length + OTHER.length) + ")");
        ProcessResult list = curl(base, "LIST (SUBSCRIBED REMOTE) \"\" \"Drafts\" RETURN (CHILDREN)");
        assertThat(list.output().strip()).isEqualTo("* LIST (\\HasNoChildren \\Drafts \\Subscribed) \"/\" Drafts");
        ProcessResult refused = curl(base, "LIST (RECURSIVEMATCH) \"\" \"*\"");
        assertThat(refused.exit()).as("BAD for RECURSIVEMATCH alone").isNotZero();
        ProcessResult binary = curl(base + "INBOX", "UID FETCH 2 (BINARY.SIZE[1] BINARY.PEEK[1])");
        assertThat(binary.exit()).as(binary.output()).isZero();
        // curl prints a custom command's untagged lines but not the octets of their literals; imaplib above reads those
        assertThat(binary.output()).contains("* 2 FETCH (UID 2 BINARY.SIZE[1] 5 BINARY[1] {5}");
    }

    private static ProcessResult curl(String url, String command) throws Exception {
        return ImapClientsTest.exec(List.of("curl", "-sS", "-k", "--login-options", "AUTH=PLAIN", "-u", USER + ":" + PASSWORD,
                "-X", command, url), Optional.empty());
    }
}

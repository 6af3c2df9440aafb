package org.postern.protocols.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postern.core.store.BodyStructure;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;

/** Wire bytes of responses (RFC 3501 sections 7 and 9). */
class ImapResponseWriterTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ImapResponseWriter w = new ImapResponseWriter(bytes);

    private String wire() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void statusResponses() throws IOException {
        w.tagged("a1", ImapResponseWriter.Status.OK, Optional.of("READ-WRITE"), "SELECT completed");
        w.untaggedStatus(ImapResponseWriter.Status.BYE, Optional.empty(), "Logging out\r\nx");
        w.continuation("Ready");
        w.untagged("3 EXISTS");
        assertThat(wire()).isEqualTo("a1 OK [READ-WRITE] SELECT completed\r\n* BYE Logging out??x\r\n+ Ready\r\n* 3 EXISTS\r\n");
    }

    @Test
    void quotaResponsesOfRfc9208() throws IOException {
        w.quotaRoot("INBOX", List.of(""));
        w.quota("", List.of(new ImapResponseWriter.QuotaResource("STORAGE", 10, 512)));
        w.quotaRoot("Sent Items", List.of());
        assertThat(wire()).isEqualTo("* QUOTAROOT INBOX \"\"\r\n* QUOTA \"\" (STORAGE 10 512)\r\n* QUOTAROOT \"Sent Items\"\r\n");
    }

    @Test
    void stringsQuotedOrLiteral() throws IOException {
        w.string("a \"b\" \\c").sp().string("line\r\nbreak").sp().nstring(null).sp().astring("INBOX").sp().astring("Sent Items").sp().string("caf\u00e9");
        assertThat(wire()).isEqualTo("\"a \\\"b\\\" \\\\c\" {11}\r\nline\r\nbreak NIL INBOX \"Sent Items\" {5}\r\ncaf\u00e9");
        bytes.reset();
        w.utf8(true);
        w.string("caf\u00e9");
        assertThat(wire()).isEqualTo("\"caf\u00e9\"");
    }

    @Test
    void envelope() throws IOException {
        Envelope e = new Envelope("Wed, 17 Jul 1996 02:23:25 -0700", "IMAP4rev1 WG mtg summary",
                List.of(new EnvelopeAddress("Terry Gray", null, "gray", "cac.washington.edu")), List.of(), List.of(),
                List.of(new EnvelopeAddress(null, null, "imap", "cac.washington.edu"), new EnvelopeAddress("J\u00f6rg", null, "j", "x.example")),
                List.of(), List.of(), null, "<B27397-0100000@cac.washington.edu>", null);
        w.envelope(e);
        assertThat(wire()).isEqualTo("(\"Wed, 17 Jul 1996 02:23:25 -0700\" \"IMAP4rev1 WG mtg summary\" "
                + "((\"Terry Gray\" NIL \"gray\" \"cac.washington.edu\")) NIL NIL "
                + "((NIL NIL \"imap\" \"cac.washington.edu\")(\"=?UTF-8?B?SsO2cmc=?=\" NIL \"j\" \"x.example\")) NIL NIL NIL "
                + "\"<B27397-0100000@cac.washington.edu>\")");
    }

    @Test
    void bodyStructureOfMultipart() throws IOException {
        Map<String, String> charset = new LinkedHashMap<>();
        charset.put("charset", "us-ascii");
        BodyStructure text = new BodyStructure("text", "plain", charset, null, null, "7bit", 3028, 92, null, null, null, null, null, null, null);
        BodyStructure att = new BodyStructure("application", "pdf", Map.of("name", "a.pdf"), null, null, "base64", 100, -1, null,
                new BodyStructure.Disposition("attachment", Map.of("filename", "a.pdf")), null, null, null, null, null);
        BodyStructure mixed = new BodyStructure("multipart", "mixed", Map.of("boundary", "xyz"), null, null, null, -1, -1, null, null, null, null,
                List.of(text, att), null, null);
        w.bodyStructure(mixed, false);
        assertThat(wire()).isEqualTo("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 3028 92)"
                + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 100) \"MIXED\")");
        bytes.reset();
        w.bodyStructure(mixed, true);
        assertThat(wire()).isEqualTo("((\"TEXT\" \"PLAIN\" (\"CHARSET\" \"us-ascii\") NIL NIL \"7BIT\" 3028 92 NIL NIL NIL NIL)"
                + "(\"APPLICATION\" \"PDF\" (\"NAME\" \"a.pdf\") NIL NIL \"BASE64\" 100 NIL (\"ATTACHMENT\" (\"FILENAME\" \"a.pdf\")) NIL NIL)"
                + " \"MIXED\" (\"BOUNDARY\" \"xyz\") NIL NIL NIL)");
    }

    @Test
    void capabilitiesFollowTlsAndState() {
        Set<ImapCommand> all = Set.of(ImapCommand.values());
        Set<ImapExtension> ext = Set.of(ImapExtension.values());
        List<String> plain = ImapCapabilities.of(all, ext, false, true, false, List.of(), 1000);
        assertThat(plain).startsWith("IMAP4rev1", "IMAP4rev2", "STARTTLS", "LOGINDISABLED").doesNotContain("AUTH=PLAIN", "SASL-IR").contains("IDLE", "MOVE", "APPENDLIMIT=1000");
        List<String> tls = ImapCapabilities.of(all, ext, true, false, false, List.of("PLAIN"), 1000);
        assertThat(tls).contains("AUTH=PLAIN", "SASL-IR").doesNotContain("STARTTLS", "LOGINDISABLED");
        List<String> authed = ImapCapabilities.of(all, ext, true, false, true, List.of("PLAIN"), 1000);
        assertThat(authed).doesNotContain("AUTH=PLAIN", "STARTTLS").contains("UIDPLUS", "CONDSTORE", "QRESYNC", "LITERAL+", "ENABLE", "BINARY", "SEARCHRES", "ESEARCH")
                .containsOnlyOnce("IMAP4rev2");
        assertThat(ImapExtension.enableable("imap4REV2")).isEqualTo(ImapExtension.IMAP4REV2);
    }

    @Test
    void literal8ForOctetsWithNul() throws IOException {
        w.literal8(new byte[] {'a', 0, 'b'});
        assertThat(bytes.toByteArray()).containsExactly('~', '{', '3', '}', '\r', '\n', 'a', 0, 'b');
    }

    @Test
    void contentTransferEncodingsUndone() {
        assertThat(ContentTransferEncoding.decode("base64", "YQBi\r\n".getBytes(StandardCharsets.US_ASCII))).hasValueSatisfying(
                v -> assertThat(v).containsExactly('a', 0, 'b'));
        assertThat(ContentTransferEncoding.decode(" Quoted-Printable ", "caf=C3=A9=\r\n!".getBytes(StandardCharsets.US_ASCII)))
                .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("caf\u00e9!"));
        assertThat(ContentTransferEncoding.decode(null, new byte[] {1, 2})).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
        assertThat(ContentTransferEncoding.decode("8BIT", new byte[] {1})).isPresent();
        assertThat(ContentTransferEncoding.decode("x-uuencode", new byte[] {1})).isEmpty();
        assertThat(ContentTransferEncoding.decode("base64", "YQ=Y".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }

    @Test
    void modifiedUtf7() {
        assertThat(ModifiedUtf7.encode("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e")).isEqualTo("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
        assertThat(ModifiedUtf7.encode("A&B")).isEqualTo("A&-B");
        assertThat(ModifiedUtf7.decode("~peter/mail/&U,BTFw-/&ZeVnLIqe-")).contains("~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e");
        assertThat(ModifiedUtf7.decode("A&-B")).contains("A&B");
        assertThat(ModifiedUtf7.decode("&Jjo!")).isEmpty();
        assertThat(ModifiedUtf7.decode("&AGEAYgBj-")).isEmpty(); // ASCII in base64 is not canonical
        assertThat(ModifiedUtf7.decode("caf\u00e9")).isEmpty();
    }

    @Test
    void compactSets() {
        assertThat(SequenceSet.compact(List.of(1L, 2L, 3L, 5L, 7L, 8L))).isEqualTo("1:3,5,7:8");
        assertThat(SequenceSet.compact(List.of())).isEmpty();
    }
}

package org.postern.protocols.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BODY[section] octets (RFC 3501 section 6.4.5) from raw messages. */
class MimeEntityTest {

    private static final String NESTED = "From: a@b.example\r\nSubject: hi\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n"
            + "preamble\r\n--outer\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n--outer\r\n"
            + "Content-Type: message/rfc822\r\n\r\nFrom: c@d.example\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
            + "--inner\r\nContent-Type: text/plain\r\n\r\ninner plain\r\n--inner\r\nContent-Type: text/html\r\n\r\n<p>inner</p>\r\n--inner--\r\n"
            + "\r\n--outer--\r\nepilogue\r\n";

    private static String section(String message, List<Integer> part, FetchAttribute.Specifier spec, List<String> fields) {
        byte[] out = MimeEntity.parse(message.getBytes(StandardCharsets.US_ASCII)).section(new FetchAttribute.Section(part, spec, fields));
        return new String(out, StandardCharsets.US_ASCII);
    }

    @Test
    void wholeHeaderAndText() {
        assertThat(section(NESTED, List.of(), FetchAttribute.Specifier.NONE, List.of())).isEqualTo(NESTED);
        assertThat(section(NESTED, List.of(), FetchAttribute.Specifier.HEADER, List.of()))
                .isEqualTo("From: a@b.example\r\nSubject: hi\r\nContent-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n");
        assertThat(section(NESTED, List.of(), FetchAttribute.Specifier.TEXT, List.of())).startsWith("preamble\r\n--outer").endsWith("epilogue\r\n");
        assertThat(section(NESTED, List.of(), FetchAttribute.Specifier.HEADER_FIELDS, List.of("subject", "X-None")))
                .isEqualTo("Subject: hi\r\n\r\n");
        assertThat(section(NESTED, List.of(), FetchAttribute.Specifier.HEADER_FIELDS_NOT, List.of("Content-Type")))
                .isEqualTo("From: a@b.example\r\nSubject: hi\r\n\r\n");
    }

    @Test
    void partsAndEncapsulatedMessage() {
        assertThat(section(NESTED, List.of(1), FetchAttribute.Specifier.NONE, List.of())).isEqualTo("first part");
        assertThat(section(NESTED, List.of(1), FetchAttribute.Specifier.MIME, List.of())).isEqualTo("Content-Type: text/plain\r\n\r\n");
        assertThat(section(NESTED, List.of(2), FetchAttribute.Specifier.HEADER, List.of()))
                .isEqualTo("From: c@d.example\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n");
        assertThat(section(NESTED, List.of(2, 1), FetchAttribute.Specifier.NONE, List.of())).isEqualTo("inner plain");
        assertThat(section(NESTED, List.of(2, 2), FetchAttribute.Specifier.NONE, List.of())).isEqualTo("<p>inner</p>");
        assertThat(section(NESTED, List.of(3), FetchAttribute.Specifier.NONE, List.of())).isEmpty();
        assertThat(section(NESTED, List.of(2, 3), FetchAttribute.Specifier.NONE, List.of())).isEmpty();
    }

    @Test
    void singlePartMessage() {
        String m = "Subject: x\r\n\r\nbody\r\n";
        assertThat(section(m, List.of(1), FetchAttribute.Specifier.NONE, List.of())).isEqualTo("body\r\n");
        assertThat(section(m, List.of(2), FetchAttribute.Specifier.NONE, List.of())).isEmpty();
        assertThat(section("no header end", List.of(), FetchAttribute.Specifier.TEXT, List.of())).isEmpty();
        assertThat(section("\r\nonly body", List.of(), FetchAttribute.Specifier.TEXT, List.of())).isEqualTo("only body");
    }

    @Test
    void aWholeMessagesSectionFromTheOctetsIsTheParsedEntitysSection() {
        List<String> messages = List.of(NESTED,
                "Subject: folded\r\n  onto two lines\r\nFROM: x@y.example\r\nX-Empty:\r\n  Subject  : spaced\r\n\r\nbody\r\n",
                "From: lf@only.example\nSubject: lf\n\nbody\n",
                "Subject: no blank line at the end",
                "Subject: header block only\r\nTo: t@u.example\r\n\r\n",
                "\r\nno header at all",
                "");
        List<FetchAttribute.Section> sections = List.of(
                new FetchAttribute.Section(List.of(), FetchAttribute.Specifier.HEADER, List.of()),
                new FetchAttribute.Section(List.of(), FetchAttribute.Specifier.HEADER_FIELDS, List.of("subject", "FROM", "To", "x-empty")),
                new FetchAttribute.Section(List.of(), FetchAttribute.Specifier.HEADER_FIELDS_NOT, List.of("Subject")),
                new FetchAttribute.Section(List.of(), FetchAttribute.Specifier.TEXT, List.of()),
                new FetchAttribute.Section(List.of(1), FetchAttribute.Specifier.MIME, List.of()));
        for (String m : messages) {
            byte[] octets = m.getBytes(StandardCharsets.US_ASCII);
            for (FetchAttribute.Section s : sections) {
                assertThat(MimeEntity.section(octets, s)).as(s.wire() + " of " + m).isEqualTo(MimeEntity.parse(octets).section(s));
            }
        }
        assertThat(new String(MimeEntity.section(messages.get(1).getBytes(StandardCharsets.US_ASCII), sections.get(1)), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: folded\r\n  onto two lines\r\nFROM: x@y.example\r\nX-Empty:\r\n  Subject  : spaced\r\n\r\n");
    }
}

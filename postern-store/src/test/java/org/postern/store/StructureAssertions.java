package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.postern.core.store.BodyStructure;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;
import org.postern.core.store.MessageMetadata;

/** What RFC 3501's ENVELOPE and BODYSTRUCTURE of {@link TestMessages#MULTIPART} must be. */
final class StructureAssertions {
    private StructureAssertions() {
    }

    static void assertMultipart(MessageMetadata m, String text) {
        Envelope e = m.envelope();
        assertThat(e.subject()).isEqualTo("=?UTF-8?Q?Quarterly_r=C3=A9port?=");
        assertThat(e.date()).isEqualTo("Mon, 2 Mar 2026 10:00:00 +0100");
        assertThat(e.messageId()).isEqualTo("<outer@example.org>");
        assertThat(e.inReplyTo()).isEqualTo("<prev@example.org>");
        assertThat(e.references()).isEqualTo("<root@example.org> <prev@example.org>");
        assertThat(e.from()).containsExactly(new EnvelopeAddress("Alice Example", null, "alice", "example.org"));
        assertThat(e.sender()).isEqualTo(e.from());
        assertThat(e.replyTo()).isEqualTo(e.from());
        assertThat(e.to()).containsExactly(
                new EnvelopeAddress(null, null, "bob", "example.net"),
                EnvelopeAddress.groupStart("Team"),
                new EnvelopeAddress(null, null, "carol", "example.com"),
                new EnvelopeAddress(null, null, "dave", "example.com"),
                EnvelopeAddress.groupEnd());
        assertThat(e.cc()).containsExactly(new EnvelopeAddress("René", null, "rene", "example.com"));
        assertThat(e.bcc()).isEmpty();

        BodyStructure root = m.bodyStructure();
        assertThat(root.type()).isEqualTo("multipart");
        assertThat(root.subtype()).isEqualTo("mixed");
        assertThat(root.parameters()).containsEntry("boundary", "outer");
        assertThat(root.parts()).hasSize(5);

        BodyStructure textPart = root.parts().get(0);
        assertThat(List.of(textPart.type(), textPart.subtype())).containsExactly("text", "plain");
        assertThat(textPart.parameters()).containsEntry("charset", "utf-8");
        assertThat(textPart.encoding()).isEqualToIgnoringCase("quoted-printable");
        assertThat(textPart.size()).isEqualTo("Hello Bob,=0D\r\ntwo lines.".length());
        assertThat(textPart.lines()).isEqualTo(2);

        BodyStructure forwarded = root.parts().get(1);
        assertThat(forwarded.isMessage()).isTrue();
        assertThat(forwarded.description()).isEqualTo("forwarded");
        assertThat(forwarded.disposition().type()).isEqualTo("attachment");
        assertThat(forwarded.disposition().parameters()).containsEntry("filename", "fwd.eml");
        int innerStart = text.indexOf("From: carol@example.com");
        int innerEnd = text.indexOf("\r\n--outer", innerStart);
        String inner = text.substring(innerStart, innerEnd);
        assertThat(forwarded.size()).isEqualTo(inner.length());
        assertThat(forwarded.lines()).isEqualTo(inner.split("\r\n", -1).length);
        assertThat(forwarded.envelope().subject()).isEqualTo("inner");
        assertThat(forwarded.envelope().messageId()).isEqualTo("<inner@example.com>");
        assertThat(forwarded.envelope().from()).containsExactly(new EnvelopeAddress(null, null, "carol", "example.com"));
        BodyStructure alternative = forwarded.body();
        assertThat(List.of(alternative.type(), alternative.subtype())).containsExactly("multipart", "alternative");
        assertThat(alternative.parts()).hasSize(2);
        assertThat(alternative.parts().get(0).subtype()).isEqualTo("plain");
        assertThat(alternative.parts().get(0).size()).isEqualTo("inner text".length());
        BodyStructure html = alternative.parts().get(1);
        assertThat(html.subtype()).isEqualTo("html");
        assertThat(html.id()).isEqualTo("<html@x>");
        assertThat(html.md5()).isEqualTo("Q2hlY2sgSW50ZWdyaXR5IQ==");
        assertThat(html.language()).containsExactly("en", "fr");
        assertThat(html.encoding()).isEqualToIgnoringCase("7bit");

        BodyStructure pdf = root.parts().get(2);
        assertThat(List.of(pdf.type(), pdf.subtype())).containsExactly("application", "pdf");
        assertThat(pdf.parameters()).containsEntry("name", "report.pdf");
        assertThat(pdf.encoding()).isEqualToIgnoringCase("base64");
        assertThat(pdf.size()).isEqualTo("JVBERi0xLjQK".length());
        assertThat(pdf.lines()).isEqualTo(-1);
        assertThat(pdf.location()).isEqualTo("http://example.org/report.pdf");
        assertThat(pdf.disposition().parameters()).containsEntry("filename", "report.pdf");

        BodyStructure noBoundary = root.parts().get(3);
        assertThat(noBoundary.isMultipart()).isFalse();
        assertThat(noBoundary.parts()).isEmpty();
        assertThat(noBoundary.size()).isEqualTo("a multipart without a boundary".length());

        BodyStructure malformed = root.parts().get(4);
        assertThat(malformed.type()).isEqualTo("text");
        assertThat(malformed.size()).isEqualTo("!!! not base64 !!!".length());
    }
}

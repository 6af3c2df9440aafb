package org.postern.protocols.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.CrlfLineReader;

/** Framing of commands with literals (RFC 3501 section 4.3, RFC 7888, RFC 7889). */
class ImapCommandReaderTest {

    private final List<String> continuations = new ArrayList<>();

    private List<ImapParseResult> readAll(String wire, ImapLimits limits) throws IOException {
        CrlfLineReader in = new CrlfLineReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), limits.maxLineLength());
        ImapCommandReader reader = new ImapCommandReader(in, limits, new ImapCommandParser(limits));
        List<ImapParseResult> results = new ArrayList<>();
        while (true) {
            ImapParseResult r = reader.read(() -> continuations.add("+"));
            results.add(r);
            if (r instanceof ImapParseResult.End || r instanceof ImapParseResult.Fatal) {
                return results;
            }
        }
    }

    @Test
    void synchronizingLiteralGetsOneContinuation() throws IOException {
        List<ImapParseResult> r = readAll("a1 LOGIN {3}\r\nbob {2}\r\npw\r\na2 NOOP\r\n", ImapLimits.DEFAULTS);
        assertThat(r).hasSize(3);
        assertThat(continuations).hasSize(2);
        ImapRequest.Login login = (ImapRequest.Login) ((ImapParseResult.Parsed) r.get(0)).request().arguments();
        assertThat(login.user()).isEqualTo("bob");
        assertThat(((ImapParseResult.Parsed) r.get(1)).request().command()).isEqualTo(ImapCommand.NOOP);
    }

    @Test
    void nonSynchronizingLiteralNeedsNoContinuation() throws IOException {
        List<ImapParseResult> r = readAll("a1 APPEND INBOX {5+}\r\nhello\r\n", ImapLimits.DEFAULTS);
        assertThat(continuations).isEmpty();
        ImapRequest.Append a = (ImapRequest.Append) ((ImapParseResult.Parsed) r.get(0)).request().arguments();
        assertThat(new String(a.message(), StandardCharsets.US_ASCII)).isEqualTo("hello");
    }

    @Test
    void literal8OfAppendIsFramedLikeALiteral() throws IOException {
        List<ImapParseResult> r = readAll("a1 APPEND INBOX ~{3}\r\na\0b\r\na2 APPEND INBOX ~{2+}\r\n\0\0\r\n", ImapLimits.DEFAULTS);
        assertThat(continuations).hasSize(1);
        assertThat(((ImapRequest.Append) ((ImapParseResult.Parsed) r.get(0)).request().arguments()).message()).containsExactly('a', 0, 'b');
        assertThat(((ImapRequest.Append) ((ImapParseResult.Parsed) r.get(1)).request().arguments()).message()).containsExactly(0, 0);
    }

    @Test
    void appendOverTheLimitIsTooBigWithoutContinuation() throws IOException {
        ImapLimits limits = ImapLimits.DEFAULTS.withMaxAppend(2048);
        List<ImapParseResult> r = readAll("a1 APPEND INBOX {4096}\r\na2 NOOP\r\n", limits);
        assertThat(continuations).isEmpty();
        ImapParseResult.Bad bad = (ImapParseResult.Bad) r.get(0);
        assertThat(bad.tag()).isEqualTo("a1");
        assertThat(bad.code()).contains("TOOBIG");
        assertThat(r.get(1)).isInstanceOf(ImapParseResult.Parsed.class);
    }

    @Test
    void nonSynchronizingLiteralOverTheLimitIsFatal() throws IOException {
        List<ImapParseResult> r = readAll("a1 LOGIN {999999+}\r\nxx", ImapLimits.DEFAULTS);
        assertThat(r.get(0)).isInstanceOf(ImapParseResult.Fatal.class);
    }

    @Test
    void tooLongLineIsBadAndTheNextCommandIsRead() throws IOException {
        String longLine = "a1 LOGIN " + "x".repeat(70_000) + "\r\n";
        List<ImapParseResult> r = readAll(longLine + "a2 NOOP\r\n", ImapLimits.DEFAULTS);
        assertThat(((ImapParseResult.Bad) r.get(0)).tag()).as("the tag, peeked before the line was dropped").isEqualTo("a1");
        assertThat(((ImapParseResult.Parsed) r.get(1)).request().tag()).isEqualTo("a2");
    }

    @Test
    void literalHeaderRecognition() {
        assertThat(ImapCommandReader.literalAtEnd("a {12}".getBytes(StandardCharsets.US_ASCII))).contains(new ImapCommandReader.LiteralHeader(12, false));
        assertThat(ImapCommandReader.literalAtEnd("a {0+}".getBytes(StandardCharsets.US_ASCII))).contains(new ImapCommandReader.LiteralHeader(0, true));
        assertThat(ImapCommandReader.literalAtEnd("a {}".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImapCommandReader.literalAtEnd("a 12}".getBytes(StandardCharsets.US_ASCII))).isEmpty();
        assertThat(ImapCommandReader.literalAtEnd("a {99999999999}".getBytes(StandardCharsets.US_ASCII))).isEmpty();
    }
}

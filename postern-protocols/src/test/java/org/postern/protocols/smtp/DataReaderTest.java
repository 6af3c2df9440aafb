package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.ChunkedInputStream;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;

class DataReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Result, content written, and the next line left in the reader (what was pipelined after). */
    record Outcome(DataResult result, String content, LineResult next) {
    }

    private static Outcome read(InputStream in, long max, int buffer) throws IOException {
        CrlfLineReader r = new CrlfLineReader(in, 1000, buffer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataResult result = new DataReader(max).read(r, out);
        return new Outcome(result, out.toString(StandardCharsets.ISO_8859_1), r.readLine());
    }

    /** Reads {@code wire} whole, one byte at a time, in random chunks, and through tiny buffers: all must agree. */
    private static Outcome readEveryWay(String wire, long max) throws IOException {
        byte[] data = bytes(wire);
        Outcome reference = read(new ByteArrayInputStream(data), max, 8192);
        List<Function<byte[], InputStream>> streams = List.of(
                ByteArrayInputStream::new,
                ChunkedInputStream::oneByteAtATime,
                d -> ChunkedInputStream.randomChunks(d, 1),
                d -> ChunkedInputStream.randomChunks(d, 2));
        for (Function<byte[], InputStream> s : streams) {
            for (int buffer : new int[] {1, 2, 3, 4, 5, 7, 64}) {
                assertThat(read(s.apply(data), max, buffer)).as("buffer %d", buffer).isEqualTo(reference);
            }
        }
        return reference;
    }

    private static final LineResult EOF = new LineResult.EndOfStream(new byte[0]);

    @Test
    void simpleMessage() throws IOException {
        Outcome o = readEveryWay("Subject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n", 1000);
        assertThat(o.result()).isEqualTo(new DataResult(DataResult.Status.OK, 21));
        assertThat(o.content()).isEqualTo("Subject: hi\r\n\r\nbody\r\n");
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("QUIT"), false, false));
    }

    @Test
    void emptyMessage() throws IOException {
        Outcome o = readEveryWay(".\r\n", 1000);
        assertThat(o.result()).isEqualTo(new DataResult(DataResult.Status.OK, 0));
        assertThat(o.content()).isEmpty();
        assertThat(o.next()).isEqualTo(EOF);
    }

    @Test
    void dotUnstuffing() throws IOException {
        Outcome o = readEveryWay("..\r\n...x\r\n.y\r\na.b\r\n.\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.OK);
        assertThat(o.content()).isEqualTo(".\r\n..x\r\ny\r\na.b\r\n");
    }

    @Test
    void dotStuffedLineAtEveryBufferBoundary() throws IOException {
        // The stuffed dot falls at each offset of small buffers across readEveryWay's buffer sizes.
        for (int pad = 0; pad < 9; pad++) {
            String wire = "x".repeat(pad) + "\r\n..hidden\r\n.\r\n";
            Outcome o = readEveryWay(wire, 1000);
            assertThat(o.content()).isEqualTo("x".repeat(pad) + "\r\n.hidden\r\n");
            assertThat(o.result().status()).isEqualTo(DataResult.Status.OK);
        }
    }

    @Test
    void bareLfDotLfDoesNotEndData() throws IOException {
        Outcome o = readEveryWay("a\n.\nMAIL FROM:<smuggled@x>\r\n.\r\nNOOP\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("NOOP"), false, false));
    }

    @Test
    void bareLfDotCrlfDoesNotEndData() throws IOException {
        Outcome o = readEveryWay("a\n.\r\nMAIL FROM:<smuggled@x>\r\n.\r\nNOOP\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("NOOP"), false, false));
    }

    @Test
    void crlfDotLfDoesNotEndData() throws IOException {
        Outcome o = readEveryWay("a\r\n.\nRSET\r\n.\r\nNOOP\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("NOOP"), false, false));
    }

    @Test
    void bareCrDotBareCrDoesNotEndData() throws IOException {
        Outcome o = readEveryWay("a\r.\rRSET\r\n.\r\nNOOP\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("NOOP"), false, false));
    }

    @Test
    void dotCrWithoutLf() throws IOException {
        Outcome o = readEveryWay("a\r\n.\rx\r\n.\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(o.next()).isEqualTo(EOF);
    }

    @Test
    void bareCrInBody() throws IOException {
        assertThat(readEveryWay("a\rb\r\n.\r\n", 1000).result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(readEveryWay("a\r\r\n.\r\n", 1000).result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
        assertThat(readEveryWay("\n.\r\n", 1000).result().status()).isEqualTo(DataResult.Status.END_OF_STREAM);
        assertThat(readEveryWay("\n.\r\n.\r\n", 1000).result().status()).isEqualTo(DataResult.Status.BARE_LINE_ENDING);
    }

    @Test
    void nulAndEightBitPassThrough() throws IOException {
        Outcome o = readEveryWay("a\0\u00ff\r\n.\r\n", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.OK);
        assertThat(o.content()).isEqualTo("a\0\u00ff\r\n");
    }

    @Test
    void bodyExactlyAtLimitIsAccepted() throws IOException {
        String body = "0123456789\r\n"; // 12 octets
        Outcome o = readEveryWay(body + ".\r\n", 12);
        assertThat(o.result()).isEqualTo(new DataResult(DataResult.Status.OK, 12));
        assertThat(o.content()).isEqualTo(body);
    }

    @Test
    void bodyOneOctetOverLimitIsTooBigAndSessionStaysInStep() throws IOException {
        Outcome o = readEveryWay("0123456789\r\n.\r\nQUIT\r\n", 11);
        assertThat(o.result()).isEqualTo(new DataResult(DataResult.Status.TOO_BIG, 12));
        assertThat(o.content()).hasSize(11);
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("QUIT"), false, false));
    }

    @Test
    void stuffingDotsDoNotCount() throws IOException {
        Outcome o = readEveryWay("..\r\n.\r\n", 3);
        assertThat(o.result()).isEqualTo(new DataResult(DataResult.Status.OK, 3));
    }

    @Test
    void hugeBodyIsDiscardedWithoutBuffering() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            b.append("line ").append(i).append("\r\n");
        }
        Outcome o = read(new ByteArrayInputStream(bytes(b + ".\r\nQUIT\r\n")), 100, 8192);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.TOO_BIG);
        assertThat(o.result().size()).isEqualTo(b.length());
        assertThat(o.content()).hasSize(100);
        assertThat(o.next()).isEqualTo(new LineResult.Line(bytes("QUIT"), false, false));
    }

    @Test
    void endOfStreamBeforeMarker() throws IOException {
        Outcome o = readEveryWay("partial\r\n.", 1000);
        assertThat(o.result().status()).isEqualTo(DataResult.Status.END_OF_STREAM);
    }

    @Test
    void dotStuffingRoundTrip() throws IOException {
        Random random = new Random(5321);
        byte[] alphabet = bytes(".\r\nab\0\u00e9");
        for (int round = 0; round < 500; round++) {
            byte[] message = new byte[random.nextInt(200)];
            for (int i = 0; i < message.length; i++) {
                message[i] = alphabet[random.nextInt(alphabet.length)];
            }
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            try (DotStuffingOutputStream out = new DotStuffingOutputStream(wire)) {
                out.write(message);
            }
            // What was sent is canonical: it reads back OK, equal to the message with CRLF line ends.
            Outcome o = read(ChunkedInputStream.randomChunks(wire.toByteArray(), round), 10_000, 3);
            assertThat(o.result().status()).isEqualTo(DataResult.Status.OK);
            assertThat(o.content()).isEqualTo(canonical(message));
            assertThat(o.next()).isEqualTo(EOF);
        }
    }

    /** CRLF for every line end, and a final CRLF unless empty. */
    private static String canonical(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n");
        return s.isEmpty() || s.endsWith("\r\n") ? s : s + "\r\n";
    }

    @Test
    void dotStuffingOutputExactBytes() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        DotStuffingOutputStream out = new DotStuffingOutputStream(wire);
        out.write(bytes(".a\r\n..b\nc\rd"));
        out.finish();
        assertThat(wire.toString(StandardCharsets.ISO_8859_1)).isEqualTo("..a\r\n...b\r\nc\r\nd\r\n.\r\n");
    }
}

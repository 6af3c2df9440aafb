package org.postern.protocols.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class CrlfLineReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static LineResult.Line line(String s) {
        return new LineResult.Line(bytes(s), false, false);
    }

    private static List<LineResult> readAll(InputStream in, int max, int buffer, boolean releasing) throws IOException {
        CrlfLineReader r = releasing ? CrlfLineReader.releasingWhileWaiting(in, max, buffer) : new CrlfLineReader(in, max, buffer);
        List<LineResult> out = new ArrayList<>();
        while (true) {
            LineResult l = r.readLine();
            out.add(l);
            if (l instanceof LineResult.EndOfStream) {
                return out;
            }
        }
    }

    /**
     * Every test input is also read one byte at a time, in random chunks and with tiny buffers,
     * by a reader that keeps its buffer and by one that releases it while waiting.
     */
    private static void assertReads(String wire, int max, LineResult... expected) throws IOException {
        byte[] data = bytes(wire);
        List<Function<byte[], InputStream>> streams = List.of(
                ByteArrayInputStream::new,
                ChunkedInputStream::oneByteAtATime,
                d -> ChunkedInputStream.randomChunks(d, 42),
                d -> ChunkedInputStream.randomChunks(d, 7));
        for (Function<byte[], InputStream> s : streams) {
            for (int buffer : new int[] {1, 2, 3, 5, 16, 8192}) {
                for (boolean releasing : new boolean[] {false, true}) {
                    assertThat(readAll(s.apply(data), max, buffer, releasing)).as("buffer %d, releasing %s", buffer, releasing)
                            .containsExactly(expected);
                }
            }
        }
    }

    @Test
    void crlfLines() throws IOException {
        assertReads("EHLO a\r\nQUIT\r\n", 100, line("EHLO a"), line("QUIT"), new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void emptyLine() throws IOException {
        assertReads("\r\n", 100, line(""), new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void bareLfIsReported() throws IOException {
        assertReads("NOOP\nQUIT\r\n", 100, new LineResult.Line(bytes("NOOP"), true, false), line("QUIT"),
                new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void bareCrIsReportedAndDoesNotEndALine() throws IOException {
        assertReads("NO\rOP\r\n", 100, new LineResult.Line(bytes("NO\rOP"), false, true),
                new LineResult.EndOfStream(new byte[0]));
        assertReads("A\r\r\n", 100, new LineResult.Line(bytes("A\r"), false, true), new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void partialLineAtEndOfStream() throws IOException {
        assertReads("QUIT", 100, new LineResult.EndOfStream(bytes("QUIT")));
    }

    @Test
    void lineExactlyAtLimitIsAccepted() throws IOException {
        assertReads("12345\r\n", 5, line("12345"), new LineResult.EndOfStream(new byte[0]));
        assertReads("12345\n", 5, new LineResult.Line(bytes("12345"), true, false), new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void overlongLineIsSkippedAndReaderResynchronizes() throws IOException {
        assertReads("123456\r\nQUIT\r\n", 5, new LineResult.TooLong(6), line("QUIT"), new LineResult.EndOfStream(new byte[0]));
        String huge = "X".repeat(100_000);
        assertReads(huge + "\r\nNOOP\r\n", 512, new LineResult.TooLong(100_000), line("NOOP"),
                new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void overlongLineWithoutEnd() throws IOException {
        assertReads("1234567", 5, new LineResult.TooLong(7), new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void overlongLineDoesNotBuffer() throws IOException {
        // A 64 MiB line through a 16-octet buffer: would not fit if the excess were kept.
        InputStream endless = new InputStream() {
            long left = 64L * 1024 * 1024;
            boolean lfSent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left > 0) {
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 'A');
                    left -= n;
                    return n;
                }
                if (!lfSent) {
                    b[off] = '\n';
                    lfSent = true;
                    return 1;
                }
                return -1;
            }
        };
        CrlfLineReader r = new CrlfLineReader(endless, 1000, 16);
        assertThat(r.readLine()).isEqualTo(new LineResult.TooLong(64L * 1024 * 1024));
    }

    @Test
    void perCallLimit() throws IOException {
        CrlfLineReader r = new CrlfLineReader(new ByteArrayInputStream(bytes("123456\r\n123456\r\n")), 5);
        assertThat(r.readLine(10)).isEqualTo(line("123456"));
        assertThat(r.readLine()).isEqualTo(new LineResult.TooLong(6));
    }

    @Test
    void utf8Decoding() throws IOException {
        byte[] ok = "RCPT TO:<jörg@bücher.example>\r\n".getBytes(StandardCharsets.UTF_8);
        CrlfLineReader r = new CrlfLineReader(new ByteArrayInputStream(ok), 100);
        LineResult.Line l = (LineResult.Line) r.readLine();
        assertThat(l.isAscii()).isFalse();
        assertThat(l.utf8()).contains("RCPT TO:<jörg@bücher.example>");

        byte[] bad = {'A', (byte) 0xC3, (byte) 0x28, '\r', '\n'};
        LineResult.Line b = (LineResult.Line) new CrlfLineReader(new ByteArrayInputStream(bad), 100).readLine();
        assertThat(b.utf8()).isEmpty();
        assertThat(b.latin1()).hasSize(3);
    }

    @Test
    void nulIsReported() throws IOException {
        LineResult.Line l = (LineResult.Line) new CrlfLineReader(new ByteArrayInputStream(bytes("NO\0OP\r\n")), 100).readLine();
        assertThat(l.hasNul()).isTrue();
    }

    @Test
    void discardBufferedDropsPipelinedPlainText() throws IOException {
        // STARTTLS with a command injected behind it (CVE-2011-0411).
        CrlfLineReader r = new CrlfLineReader(new ByteArrayInputStream(bytes("STARTTLS\r\nRSET\r\nMAIL FROM:<evil@x>\r\n")), 100);
        assertThat(r.readLine()).isEqualTo(line("STARTTLS"));
        assertThat(r.buffered()).isEqualTo(26);
        assertThat(r.discardBuffered()).isEqualTo(26);
        assertThat(r.buffered()).isZero();
        assertThat(r.readLine()).isEqualTo(new LineResult.EndOfStream(new byte[0]));
    }

    @Test
    void rawReadsShareTheBuffer() throws IOException {
        CrlfLineReader r = new CrlfLineReader(new ByteArrayInputStream(bytes("BDAT 5\r\nHELLOQUIT\r\n")), 100);
        assertThat(r.readLine()).isEqualTo(line("BDAT 5"));
        byte[] b = new byte[5];
        int n = 0;
        while (n < 5) {
            n += r.read(b, n, 5 - n);
        }
        assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("HELLO");
        assertThat(r.readLine()).isEqualTo(line("QUIT"));
        assertThat(r.read()).isEqualTo(-1);
    }

    /** A stream that has {@code ready} octets at hand and refuses a bulk read of more (a silent peer). */
    private static final class SilentPeer extends InputStream {
        private final byte[] data;
        private int pos;
        private int ready;
        int oneOctetReads;

        SilentPeer(byte[] data) {
            this.data = data;
        }

        @Override
        public int available() {
            return ready;
        }

        @Override
        public int read() {
            if (pos >= data.length) {
                return -1;
            }
            oneOctetReads++;
            ready = Math.min(4, data.length - pos - 1); // the rest of what the peer sent with this octet
            return data[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len > ready) {
                throw new AssertionError("a bulk read of " + len + " octets while only " + ready + " are at hand");
            }
            System.arraycopy(data, pos, b, off, len);
            pos += len;
            ready -= len;
            return len;
        }
    }

    @Test
    void releasingReaderWaitsForThePeerInAOneOctetRead() throws IOException {
        SilentPeer peer = new SilentPeer(bytes("a1 NOOP\r\nDONE\r\n"));
        CrlfLineReader r = CrlfLineReader.releasingWhileWaiting(peer, 100, 4096);
        assertThat(r.readLine()).isEqualTo(line("a1 NOOP"));
        assertThat(r.readLine()).isEqualTo(line("DONE"));
        assertThat(r.readLine()).isEqualTo(new LineResult.EndOfStream(new byte[0]));
        // each of the three waits (before "a1 NO", "OP\r\nD" and "ONE\r\n") was a one-octet read
        assertThat(peer.oneOctetReads).isEqualTo(3);
    }
}

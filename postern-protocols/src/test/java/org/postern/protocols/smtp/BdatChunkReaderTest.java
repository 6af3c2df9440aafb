package org.postern.protocols.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.postern.protocols.io.ChunkedInputStream;
import org.postern.protocols.io.CrlfLineReader;
import org.postern.protocols.io.LineResult;

class BdatChunkReaderTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void exactByteCountsWithBinaryContentAndPipelinedCommands() throws IOException {
        // Chunks hold CRLF.CRLF, bare LF and NUL: BDAT does not look at the content.
        byte[] wire = bytes("BDAT 7\r\n\r\n.\r\n\n\0BDAT 3 LAST\r\nxyzQUIT\r\n");
        CrlfLineReader r = new CrlfLineReader(ChunkedInputStream.oneByteAtATime(wire), 100, 2);
        SmtpCommandParser parser = new SmtpCommandParser(SmtpDialect.SMTP, java.util.EnumSet.allOf(SmtpExtension.class), SmtpLimits.DEFAULTS);
        BdatChunkReader chunks = new BdatChunkReader(1000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        SmtpCommand.Bdat first = (SmtpCommand.Bdat) parser.parse((LineResult.Line) r.readLine(), false);
        assertThat(chunks.readChunk(r, first.size(), out)).isEqualTo(new DataResult(DataResult.Status.OK, 7));
        SmtpCommand.Bdat last = (SmtpCommand.Bdat) parser.parse((LineResult.Line) r.readLine(), false);
        assertThat(last).isEqualTo(new SmtpCommand.Bdat(3, true));
        assertThat(chunks.readChunk(r, last.size(), out)).isEqualTo(new DataResult(DataResult.Status.OK, 10));
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\r\n.\r\n\n\0xyz");
        assertThat(r.readLine()).isEqualTo(new LineResult.Line(bytes("QUIT"), false, false));
    }

    @Test
    void zeroLengthLastChunk() throws IOException {
        CrlfLineReader r = new CrlfLineReader(ChunkedInputStream.oneByteAtATime(bytes("QUIT\r\n")), 100);
        assertThat(new BdatChunkReader(10).readChunk(r, 0, new ByteArrayOutputStream()))
                .isEqualTo(new DataResult(DataResult.Status.OK, 0));
    }

    @Test
    void limitAcrossChunksDiscardsAndStaysInStep() throws IOException {
        CrlfLineReader r = new CrlfLineReader(ChunkedInputStream.randomChunks(bytes("aaaaabbbbbcNOOP\r\n"), 3), 100, 4);
        BdatChunkReader chunks = new BdatChunkReader(10);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(chunks.readChunk(r, 5, out).status()).isEqualTo(DataResult.Status.OK);
        assertThat(chunks.readChunk(r, 5, out)).isEqualTo(new DataResult(DataResult.Status.OK, 10)); // exactly at limit
        assertThat(chunks.readChunk(r, 1, out)).isEqualTo(new DataResult(DataResult.Status.TOO_BIG, 11)); // one over
        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("aaaaabbbbb");
        assertThat(r.readLine()).isEqualTo(new LineResult.Line(bytes("NOOP"), false, false));
        chunks.reset();
        assertThat(chunks.total()).isZero();
    }

    @Test
    void endOfStreamInsideChunk() throws IOException {
        CrlfLineReader r = new CrlfLineReader(ChunkedInputStream.oneByteAtATime(bytes("abc")), 100);
        assertThat(new BdatChunkReader(100).readChunk(r, 10, new ByteArrayOutputStream()))
                .isEqualTo(new DataResult(DataResult.Status.END_OF_STREAM, 3));
    }
}

package org.postern.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleasingOutputStreamTest {

    /** Records each write it gets, to see what the buffer groups. */
    private static final class Writes extends ByteArrayOutputStream {
        final List<Integer> sizes = new ArrayList<>();
        int flushes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            sizes.add(len);
            super.write(b, off, len);
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    @Test
    void smallWritesGoOutTogetherAtTheFlush() throws IOException {
        Writes under = new Writes();
        ReleasingOutputStream out = new ReleasingOutputStream(under, 16);
        out.write("* OK ".getBytes(StandardCharsets.US_ASCII));
        out.write('x');
        assertThat(under.size()).isZero();
        out.flush();
        assertThat(under.sizes).containsExactly(6);
        assertThat(under.flushes).isEqualTo(1);
        assertThat(under.toString(StandardCharsets.US_ASCII)).isEqualTo("* OK x");
    }

    @Test
    void keepsTheOrderAcrossAFullBufferALargeWriteAndAFlush() throws IOException {
        Writes under = new Writes();
        ReleasingOutputStream out = new ReleasingOutputStream(under, 8);
        StringBuilder expected = new StringBuilder();
        for (String s : List.of("abc", "defgh", "ij", "0123456789ABCDEF", "k", "lmnopqrstu")) {
            out.write(s.getBytes(StandardCharsets.US_ASCII));
            expected.append(s);
        }
        out.write('z');
        expected.append('z');
        out.flush();
        out.write("after".getBytes(StandardCharsets.US_ASCII)); // a new buffer after the flush let the old one go
        expected.append("after");
        out.flush();
        assertThat(under.toString(StandardCharsets.US_ASCII)).isEqualTo(expected.toString());
        assertThat(under.sizes).allMatch(n -> n <= 16);
    }
}

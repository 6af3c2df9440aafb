package org.postern.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderBlockTest {

    private static String read(String message) throws IOException {
        return new String(HeaderBlock.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1))),
                StandardCharsets.ISO_8859_1);
    }

    @Test
    void stopsAfterTheEmptyLine() throws IOException {
        assertThat(read("Subject: a\r\nFrom: b\r\n\r\nbody\r\n\r\nmore\r\n")).isEqualTo("Subject: a\r\nFrom: b\r\n\r\n");
        assertThat(read("Subject: a\nFrom: b\n\nbody\n")).isEqualTo("Subject: a\nFrom: b\n\n");
    }

    @Test
    void aMessageWithoutAnEmptyLineIsAllHeader() throws IOException {
        assertThat(read("Subject: a\r\nFrom: b\r\n")).isEqualTo("Subject: a\r\nFrom: b\r\n");
        assertThat(read("")).isEmpty();
    }

    @Test
    void anEmptyFirstLineIsAnEmptyHeader() throws IOException {
        assertThat(read("\r\nbody")).isEqualTo("\r\n");
    }

    @Test
    void aLineBreakSplitAcrossReadsIsFound() throws IOException {
        String field = "X-Long: " + "v".repeat(4093 - 8) + "\r\n"; // the empty line's CR is octet 4096, the last of the first read
        String message = field + "\r\nbody";
        InputStream trickle = new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 4096));
            }
        };
        assertThat(new String(HeaderBlock.read(trickle), StandardCharsets.ISO_8859_1)).isEqualTo(field + "\r\n");
    }
}

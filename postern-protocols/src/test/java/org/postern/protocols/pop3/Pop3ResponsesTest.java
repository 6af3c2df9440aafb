package org.postern.protocols.pop3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The octets the server sends. */
class Pop3ResponsesTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String wire() {
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void singleLineResponses() throws IOException {
        Pop3Responses.ok(out, "2 320");
        Pop3Responses.ok(out, "");
        Pop3Responses.err(out, "no such message");
        Pop3Responses.err(out, ResponseCode.IN_USE, "maildrop\r\nlocked");
        Pop3Responses.err(out, ResponseCode.SYS_TEMP, "try later");
        Pop3Responses.continuation(out, "");
        Pop3Responses.continuation(out, "VXNlcm5hbWU6");
        assertThat(wire()).isEqualTo("+OK 2 320\r\n+OK\r\n-ERR no such message\r\n-ERR [IN-USE] maildrop  locked\r\n"
                + "-ERR [SYS/TEMP] try later\r\n+ \r\n+ VXNlcm5hbWU6\r\n");
    }

    @Test
    void multiLineListsAreDotStuffed() throws IOException {
        Pop3Responses.multiLine(out, "Capability list follows", List.of("TOP", ".odd", "UIDL"));
        assertThat(wire()).isEqualTo("+OK Capability list follows\r\nTOP\r\n..odd\r\nUIDL\r\n.\r\n");
    }

    private String stuffed(byte[] content, boolean byteWise) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (MultiLineOutputStream m = new MultiLineOutputStream(sink)) {
            if (byteWise) {
                for (byte b : content) {
                    m.write(b);
                }
            } else {
                // odd chunk sizes, so dots land on chunk borders
                for (int i = 0; i < content.length; i += 3) {
                    m.write(content, i, Math.min(3, content.length - i));
                }
            }
        }
        return sink.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void messagesPassByteForByteWithDotsDoubledAtLineStarts() throws IOException {
        byte[] message = ".first\r\nSubject: x\r\n\r\n..two\r\nmid.dot\r\n.\r\n8bit \u00e9\u00ff\nbare.\n.x".getBytes(StandardCharsets.ISO_8859_1);
        String expected = "..first\r\nSubject: x\r\n\r\n...two\r\nmid.dot\r\n..\r\n8bit \u00e9\u00ff\nbare.\n..x\r\n.\r\n";
        assertThat(stuffed(message, true)).isEqualTo(expected);
        assertThat(stuffed(message, false)).isEqualTo(expected);
        assertThat(stuffed("a\r\n".getBytes(StandardCharsets.US_ASCII), false)).isEqualTo("a\r\n.\r\n");
        assertThat(stuffed(new byte[0], false)).isEqualTo(".\r\n");
    }

    private String top(String message, int lines, boolean byteWise) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        byte[] b = message.getBytes(StandardCharsets.US_ASCII);
        try (TopOutputStream t = new TopOutputStream(sink, lines)) {
            if (byteWise) {
                for (byte x : b) {
                    t.write(x);
                }
            } else {
                for (int i = 0; i < b.length; i += 5) {
                    t.write(b, i, Math.min(5, b.length - i));
                }
            }
        }
        return sink.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void topSendsTheHeaderAndSomeBodyLines() throws IOException {
        String m = "A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n";
        for (boolean byteWise : new boolean[] {true, false}) {
            assertThat(top(m, 0, byteWise)).isEqualTo("A: 1\r\nB: 2\r\n\r\n");
            assertThat(top(m, 2, byteWise)).isEqualTo("A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n");
            assertThat(top(m, 10, byteWise)).isEqualTo(m);
            assertThat(top("A: 1\r\nB: 2\r\n", 1, byteWise)).isEqualTo("A: 1\r\nB: 2\r\n");
        }
    }
}

package org.postern.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BytePipeTest {

    @Test
    void aReadWaitsForTheNextWriterWhenTheLastOneHasEnded() throws Exception {
        BytePipe pipe = new BytePipe();
        OutputStream sink = pipe.sink();
        InputStream source = pipe.source();
        Thread watcher = Thread.ofVirtual().start(() -> write(sink, "* 1 EXISTS\r\n"));
        watcher.join();
        assertThat(source.readNBytes(12)).asString(StandardCharsets.US_ASCII).isEqualTo("* 1 EXISTS\r\n");
        // the only thread that wrote has ended and the buffer is empty: PipedInputStream fails here
        Thread session = Thread.ofVirtual().unstarted(() -> write(sink, "i1 OK\r\n"));
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            session.start();
        });
        assertThat(source.readNBytes(7)).asString(StandardCharsets.US_ASCII).isEqualTo("i1 OK\r\n");
    }

    @Test
    void bytesArriveInOrderAcrossGrowthAndCompaction() throws Exception {
        BytePipe pipe = new BytePipe();
        byte[] written = new byte[100_000];
        for (int i = 0; i < written.length; i++) {
            written[i] = (byte) (i * 31 + i / 256);
        }
        java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
        byte[] some = new byte[700];
        for (int i = 0; i < written.length; i += 1000) {
            pipe.sink().write(written, i, 1000);
            if (i % 3000 == 0) { // the reader falls behind, then catches up part of the way
                read.write(some, 0, pipe.source().read(some));
            }
        }
        pipe.sink().close();
        read.write(pipe.source().readAllBytes());
        assertThat(read.toByteArray()).isEqualTo(written);
        assertThat(pipe.source().read()).isEqualTo(-1);
    }

    @Test
    void closingTheSinkEndsTheStreamAfterWhatWasWrittenAndClosingTheSourceFailsWrites() throws Exception {
        BytePipe pipe = new BytePipe();
        pipe.sink().write("BYE\r\n".getBytes(StandardCharsets.US_ASCII));
        pipe.sink().close();
        assertThat(pipe.source().readAllBytes()).asString(StandardCharsets.US_ASCII).isEqualTo("BYE\r\n");
        assertThat(pipe.source().read()).isEqualTo(-1);

        BytePipe other = new BytePipe();
        other.source().close();
        assertThatThrownBy(() -> other.sink().write(1)).isInstanceOf(IOException.class);
    }

    private static void write(OutputStream sink, String text) {
        try {
            sink.write(text.getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

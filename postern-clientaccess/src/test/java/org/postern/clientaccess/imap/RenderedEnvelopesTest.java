package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;
import org.postern.protocols.imap.ImapResponseWriter;

class RenderedEnvelopesTest {

    private static final Envelope ENVELOPE = new Envelope("Sat, 28 Nov 2026 10:00:00 +0000", "a \"quoted\" subject",
            List.of(new EnvelopeAddress("Zoë Example", null, "zoe", "example.test")), List.of(), List.of(),
            List.of(new EnvelopeAddress(null, null, "bob", "example.test")), List.of(), List.of(), null, "<1@example.test>", null);

    private static byte[] written(Envelope e, boolean utf8) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        ImapResponseWriter w = new ImapResponseWriter(buffer);
        w.utf8(utf8);
        w.envelope(e);
        return buffer.toByteArray();
    }

    private static Supplier<Envelope> counting(AtomicInteger calls, Envelope e) {
        return () -> {
            calls.incrementAndGet();
            return e;
        };
    }

    @Test
    void keepsWhatTheWriterWouldSendAndDecodesOncePerHashAndUtf8() throws IOException {
        RenderedEnvelopes kept = new RenderedEnvelopes(1 << 20);
        AtomicInteger calls = new AtomicInteger();
        byte[] ascii = kept.of("h1", false, counting(calls, ENVELOPE));
        assertThat(ascii).isEqualTo(written(ENVELOPE, false));
        assertThat(new String(ascii, StandardCharsets.US_ASCII)).contains("=?UTF-8?B?").contains("\"a \\\"quoted\\\" subject\"");
        assertThat(kept.of("h1", false, counting(calls, ENVELOPE))).isEqualTo(ascii);
        assertThat(calls).hasValue(1);

        byte[] utf8 = kept.of("h1", true, counting(calls, ENVELOPE));
        assertThat(utf8).isEqualTo(written(ENVELOPE, true)).isNotEqualTo(ascii);
        assertThat(new String(utf8, StandardCharsets.UTF_8)).contains("\"Zoë Example\"");
        assertThat(calls).hasValue(2);
        assertThat(kept.size()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheBoundIsPassed() throws IOException {
        int one = written(Envelope.empty(), false).length;
        RenderedEnvelopes kept = new RenderedEnvelopes(2L * one);
        AtomicInteger calls = new AtomicInteger();
        kept.of("a", false, counting(calls, Envelope.empty()));
        kept.of("b", false, counting(calls, Envelope.empty()));
        kept.of("a", false, counting(calls, Envelope.empty())); // a used last: b is the oldest
        kept.of("c", false, counting(calls, Envelope.empty()));
        assertThat(kept.size()).isEqualTo(2);
        assertThat(calls).hasValue(3);
        kept.of("a", false, counting(calls, Envelope.empty()));
        assertThat(calls).as("a was kept").hasValue(3);
        kept.of("b", false, counting(calls, Envelope.empty()));
        assertThat(calls).as("b was dropped").hasValue(4);
    }
}

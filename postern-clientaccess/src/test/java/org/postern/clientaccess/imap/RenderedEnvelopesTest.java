package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.auth.testing.OneUserAuthenticator;
import org.postern.core.address.EmailAddress;
import org.postern.core.store.AppendRequest;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;
import org.postern.core.store.SpecialUse;
import org.postern.protocols.imap.ImapLimits;
import org.postern.protocols.imap.ImapResponseWriter;
import org.postern.sql.Database;
import org.postern.store.SqlMailboxStore;
import org.postern.store.StoreLimits;

/**
 * Renderings kept by the ENVELOPE's stored form: once per stored form and UTF-8 mode, within
 * their bound, and never one stored form's rendering for another's, also through a session on a
 * real store whose row for a content was stored again by another parse.
 */
class RenderedEnvelopesTest {

    @TempDir
    Path tmp;

    private static byte[] stored(String form) {
        return form.getBytes(StandardCharsets.UTF_8);
    }

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
        byte[] ascii = kept.of(stored("h1"), false, counting(calls, ENVELOPE));
        assertThat(ascii).isEqualTo(written(ENVELOPE, false));
        assertThat(new String(ascii, StandardCharsets.US_ASCII)).contains("=?UTF-8?B?").contains("\"a \\\"quoted\\\" subject\"");
        assertThat(kept.of(stored("h1"), false, counting(calls, ENVELOPE))).isEqualTo(ascii);
        assertThat(calls).hasValue(1);

        byte[] utf8 = kept.of(stored("h1"), true, counting(calls, ENVELOPE));
        assertThat(utf8).isEqualTo(written(ENVELOPE, true)).isNotEqualTo(ascii);
        assertThat(new String(utf8, StandardCharsets.UTF_8)).contains("\"Zoë Example\"");
        assertThat(calls).hasValue(2);
        assertThat(kept.size()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedGoFirstWhenTheBoundIsPassed() throws IOException {
        int one = written(Envelope.empty(), false).length;
        RenderedEnvelopes kept = new RenderedEnvelopes(2L * (one + 1)); // two renderings and their one-octet stored forms
        AtomicInteger calls = new AtomicInteger();
        kept.of(stored("a"), false, counting(calls, Envelope.empty()));
        kept.of(stored("b"), false, counting(calls, Envelope.empty()));
        kept.of(stored("a"), false, counting(calls, Envelope.empty())); // a used last: b is the oldest
        kept.of(stored("c"), false, counting(calls, Envelope.empty()));
        assertThat(kept.size()).isEqualTo(2);
        assertThat(calls).hasValue(3);
        kept.of(stored("a"), false, counting(calls, Envelope.empty()));
        assertThat(calls).as("a was kept").hasValue(3);
        kept.of(stored("b"), false, counting(calls, Envelope.empty()));
        assertThat(calls).as("b was dropped").hasValue(4);
    }

    @Test
    void twoStoredFormsOfOneContentNeverShareARendering() {
        RenderedEnvelopes kept = new RenderedEnvelopes(1 << 20);
        AtomicInteger calls = new AtomicInteger();
        Envelope other = new Envelope(ENVELOPE.date(), "another parse", ENVELOPE.from(), List.of(), List.of(), ENVELOPE.to(),
                List.of(), List.of(), null, ENVELOPE.messageId(), null);
        byte[] first = kept.of(stored("{\"subject\":1}"), false, counting(calls, ENVELOPE));
        byte[] second = kept.of(stored("{\"subject\":2}"), false, counting(calls, other));
        assertThat(calls).hasValue(2);
        assertThat(new String(second, StandardCharsets.US_ASCII)).contains("another parse");
        assertThat(second).isNotEqualTo(first);
        assertThat(kept.of(stored("{\"subject\":1}"), false, counting(calls, ENVELOPE))).isEqualTo(first);
        assertThat(calls).hasValue(2);
    }

    @Test
    void aSessionIsAnsweredFromTheEnvelopeStoredNowNotAnEarlierParseOfTheSameContent() throws Exception {
        EmailAddress alice = EmailAddress.parse("alice@example.test");
        String token = UUID.randomUUID().toString(); // a content of this test alone: the handler's renderings outlive a store
        String message = "From: bob@example.test\r\nSubject: first parse " + token + "\r\n\r\nbody\r\n";
        try (Database db = Database.sqlite(tmp.resolve("store.db"))) {
            SqlMailboxStore store = SqlMailboxStore.open(db, tmp.resolve("blobs"), StoreLimits.defaults());
            store.createMailbox(alice);
            store.append(store.findFolder(alice, SpecialUse.INBOX).orElseThrow().id(),
                    AppendRequest.of(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII))));
            ImapBackend backend = new ImapBackend(new OneUserAuthenticator(), store,
                    ImapLimits.DEFAULTS.withFallbackPoll(Duration.ofSeconds(30)), new UserSessions(3), "imap.example.test");
            try (TestClient c = new TestClient(backend, true)) {
                c.line();
                assertThat(c.command("LOGIN alice@example.test secret")).contains(" OK ");
                assertThat(c.command("SELECT INBOX")).contains(" OK [READ-WRITE]");
                assertThat(c.command("FETCH 1 ENVELOPE")).contains("\"first parse " + token + "\"");
                // the content's row as another parser stored it: what a row collected when no message
                // referred to it, and stored again by another build when the content came back, holds
                int changed = db.write(w -> {
                    try (var s = w.prepareStatement("UPDATE store_blob SET envelope = REPLACE(envelope, 'first parse', 'second parse')")) {
                        return s.executeUpdate();
                    }
                });
                assertThat(changed).isEqualTo(1);
                assertThat(c.command("FETCH 1 ENVELOPE")).contains("\"second parse " + token + "\"");
            }
        }
    }
}

package org.postern.clientaccess.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.function.Supplier;
import org.postern.core.cache.WeighedLru;
import org.postern.core.store.Envelope;
import org.postern.core.store.MessageMetadata;
import org.postern.protocols.imap.ImapResponseWriter;

/**
 * ENVELOPE (RFC 3501 section 7.4.2) as the octets FETCH sends, kept by the ENVELOPE's stored
 * form ({@link MessageMetadata#storedEnvelope()}), of which the rendering is a function alone:
 * a FETCH of headers then neither decodes the stored JSON nor quotes its strings again. Not by
 * the content hash: the store keeps one row per content, but a row collected once no message
 * referred to it and stored again when the content came back may have been parsed by another
 * version of the parser (another build, or another server on the same database), so one hash
 * can have had different ENVELOPEs; keyed by the stored form, two different stored ENVELOPEs
 * never share a rendering (docs/adr/0009-benchmarks.md). Two renderings per stored form: with
 * and without UTF8=ACCEPT (RFC 6855), which changes quoting and display names.
 *
 * <p>Bounded by the octets it holds, stored forms and renderings; the least recently used goes
 * first. Safe for several sessions.
 */
final class RenderedEnvelopes {

    /** The stored form (never changed: the store hands out each row's own array) and the session's UTF-8 mode. */
    private record Key(ByteBuffer stored, boolean utf8) {
    }

    /** A rendering, and how many octets its key holds beside it. */
    private record Rendered(byte[] octets, int keyOctets) {
    }

    private final WeighedLru<Key, Rendered> renderings;

    RenderedEnvelopes(long maxOctets) {
        this.renderings = new WeighedLru<>(Integer.MAX_VALUE, maxOctets, r -> (long) r.octets().length + r.keyOctets());
    }

    /** The message's ENVELOPE rendered for a session with or without UTF-8. */
    byte[] of(MessageMetadata message, boolean utf8) {
        return of(message.storedEnvelope(), utf8, message::envelope);
    }

    /** The ENVELOPE whose stored form is {@code stored}, decoded by {@code envelope} if not kept, rendered with or without UTF-8. */
    byte[] of(byte[] stored, boolean utf8, Supplier<Envelope> envelope) {
        Key key = new Key(ByteBuffer.wrap(stored), utf8);
        Rendered kept = renderings.get(key);
        if (kept != null) {
            return kept.octets();
        }
        byte[] rendered = render(envelope.get(), utf8);
        renderings.put(key, new Rendered(rendered, stored.length));
        return rendered;
    }

    /** How many renderings are kept (for tests). */
    int size() {
        return renderings.size();
    }

    private static byte[] render(Envelope envelope, boolean utf8) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        ImapResponseWriter writer = new ImapResponseWriter(buffer);
        writer.utf8(utf8);
        try {
            writer.envelope(envelope);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return buffer.toByteArray();
    }
}

package org.postern.clientaccess.imap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;
import org.postern.core.cache.WeighedLru;
import org.postern.core.store.Envelope;
import org.postern.protocols.imap.ImapResponseWriter;

/**
 * ENVELOPE (RFC 3501 section 7.4.2) as the octets FETCH sends, kept by content hash: the store
 * keeps a message's bytes once under its SHA-256 and parses its ENVELOPE from those bytes at
 * append, so one hash has one ENVELOPE and a rendered one never goes stale. A FETCH of headers
 * then neither decodes the stored JSON nor quotes its strings again. Two renderings per hash:
 * with and without UTF8=ACCEPT (RFC 6855), which changes quoting and display names.
 *
 * <p>Bounded by the octets it holds; the oldest rendering goes first. Safe for several sessions.
 */
final class RenderedEnvelopes {

    private record Key(String contentHash, boolean utf8) {
    }

    private final WeighedLru<Key, byte[]> renderings;

    RenderedEnvelopes(long maxOctets) {
        this.renderings = new WeighedLru<>(Integer.MAX_VALUE, maxOctets, rendered -> rendered.length);
    }

    /** The ENVELOPE of the message whose content has {@code contentHash}, rendered for a session with or without UTF-8. */
    byte[] of(String contentHash, boolean utf8, Supplier<Envelope> envelope) {
        Key key = new Key(contentHash, utf8);
        byte[] kept = renderings.get(key);
        if (kept != null) {
            return kept;
        }
        byte[] rendered = render(envelope.get(), utf8);
        renderings.put(key, rendered);
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

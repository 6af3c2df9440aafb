package org.postern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.core.store.Envelope;
import org.postern.core.store.EnvelopeAddress;
import org.postern.core.store.StoreException;

class EnvelopeJsonTest {

    private static Envelope roundTrip(Envelope e) {
        return StructureCodec.envelope(StructureCodec.write(e).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsBackWhatTheCodecWrites() {
        EnvelopeAddress alice = new EnvelopeAddress("Alice \"A\" Ünal", null, "alice", "example.org");
        EnvelopeAddress routed = new EnvelopeAddress(null, "@relay.example", "bob", "example.net");
        Envelope full = new Envelope("Mon, 2 Mar 2026 10:00:00 +0100", "=?utf-8?q?caf=C3=A9?= \\ \"x\"", List.of(alice),
                List.of(routed), List.of(alice, routed),
                List.of(EnvelopeAddress.groupStart("team"), routed, EnvelopeAddress.groupEnd()), List.of(), List.of(alice),
                "<a@b>", "<c@d>", "<a@b> <e@f>");
        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(roundTrip(Envelope.empty())).isEqualTo(Envelope.empty());
        assertThat(StructureCodec.envelope(null)).isEqualTo(Envelope.empty());
    }

    @Test
    void skipsFieldsItDoesNotKnowAndRefusesWhatIsNoEnvelope() {
        byte[] json = "{\"subject\":\"s\",\"later\":{\"x\":[1,2]},\"to\":[{\"mailbox\":\"m\",\"host\":\"h\",\"extra\":1}]}"
                .getBytes(StandardCharsets.UTF_8);
        Envelope e = StructureCodec.envelope(json);
        assertThat(e.subject()).isEqualTo("s");
        assertThat(e.to()).containsExactly(new EnvelopeAddress(null, null, "m", "h"));
        assertThatThrownBy(() -> StructureCodec.envelope("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(StoreException.class);
    }
}

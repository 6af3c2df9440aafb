package org.postern.protocols.imap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MimeParametersTest {

    private static Map<String, String> of(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void plainParametersPassUnchanged() {
        Map<String, String> p = of("charset", "us-ascii", "format", "flowed");
        assertThat(MimeParameters.joined(p)).isSameAs(p);
    }

    @Test
    void continuationsAreJoinedInNumberOrder() {
        assertThat(MimeParameters.joined(of("charset", "us-ascii", "name*1", "name.txt", "name*0", "a-long-")))
                .containsExactly(Map.entry("charset", "us-ascii"), Map.entry("name", "a-long-name.txt"));
    }

    @Test
    void extendedContinuationsAreDecodedFromTheirCharset() {
        // RFC 2231 section 4.1: the charset and language only on the first section
        assertThat(MimeParameters.joined(of("filename*0*", "iso-8859-1'fr'caf%E9-", "filename*1", "menu", "filename*2*", "%2Etxt")))
                .containsExactly(Map.entry("filename*", "café-menu.txt"));
        assertThat(MimeParameters.joined(of("title*", "utf-8''%E2%82%AC%20rate")))
                .containsExactly(Map.entry("title*", "€ rate"));
    }

    @Test
    void brokenEncodingsStayAsTheyCame() {
        assertThat(MimeParameters.joined(of("title*", "x-no-such-charset''abc"))).containsEntry("title*", "x-no-such-charset''abc");
        assertThat(MimeParameters.joined(of("title*", "utf-8''%E2%8"))).containsEntry("title*", "utf-8''%E2%8");
        assertThat(MimeParameters.joined(of("title*", "no quotes"))).containsEntry("title*", "no quotes");
    }
}

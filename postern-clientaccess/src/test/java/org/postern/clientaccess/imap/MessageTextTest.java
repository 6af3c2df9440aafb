package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageTextTest {

    @Test
    void containsIgnoresCaseAnywhereInTheText() {
        assertThat(MessageText.containsIgnoreCase("Quarterly REPORT attached", "report")).isTrue();
        assertThat(MessageText.containsIgnoreCase("Quarterly REPORT attached", "Quarterly r")).isTrue();
        assertThat(MessageText.containsIgnoreCase("ends with Marker7", "MARKER7")).isTrue();
        assertThat(MessageText.containsIgnoreCase("marker7", "marker70")).isFalse();
        assertThat(MessageText.containsIgnoreCase("", "x")).isFalse();
        assertThat(MessageText.containsIgnoreCase("anything", "")).isTrue();
        assertThat(MessageText.containsIgnoreCase("Grüße aus Köln", "KÖLN")).isTrue();
        assertThat(MessageText.containsIgnoreCase("ÉCOLE", "école")).isTrue();
        assertThat(MessageText.containsIgnoreCase("rrrreport", "rreport")).isTrue();
    }
}

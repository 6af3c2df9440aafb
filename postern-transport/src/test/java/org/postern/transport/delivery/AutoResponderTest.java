package org.postern.transport.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RFC 3834 section 2's rule of which messages an out-of-office reply answers (the rest is LmtpMailboxServerTest's). */
class AutoResponderTest {

    @Test
    void automaticListAndBulkMailIsNeverAnswered() {
        assertThat(AutoResponder.answerable(Map.of())).isTrue();
        assertThat(AutoResponder.answerable(Map.of("auto-submitted", "no"))).isTrue();
        assertThat(AutoResponder.answerable(Map.of("auto-submitted", "No (a person wrote this)"))).isTrue();
        assertThat(AutoResponder.answerable(Map.of("auto-submitted", "auto-replied"))).isFalse();
        assertThat(AutoResponder.answerable(Map.of("auto-submitted", "auto-generated; owner-email=\"x@example.test\""))).isFalse();
        assertThat(AutoResponder.answerable(Map.of("list-id", "<team.example.test>"))).isFalse();
        for (String p : new String[] {"bulk", "list", "junk", " Bulk "}) {
            assertThat(AutoResponder.answerable(Map.of("precedence", p))).as(p).isFalse();
        }
        assertThat(AutoResponder.answerable(Map.of("precedence", "first-class"))).isTrue();
    }

    @Test
    void onlyMailThatNamesTheOwnerInToOrCcIsAnswered() {
        List<String> own = List.of("alice@example.test", "a.smith@example.test");
        assertThat(AutoResponder.named("Alice <ALICE@example.test>, bob@example.test", own)).isTrue();
        assertThat(AutoResponder.named("team@example.test, a.smith@example.test", own)).isTrue();
        assertThat(AutoResponder.named("malice@example.test", own)).isFalse();
        assertThat(AutoResponder.named("alice@example.test.evil", own)).isFalse();
        assertThat(AutoResponder.named("team@example.test, ", own)).isFalse();
    }
}

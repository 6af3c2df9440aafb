package org.postern.core.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {

    @Test
    void parsesAndNormalizesTheDomain() {
        EmailAddress a = EmailAddress.parse("Alice.Liddell@Example.TEST");
        assertThat(a.localPart()).isEqualTo("Alice.Liddell");
        assertThat(a.domain()).isEqualTo("example.test");
        assertThat(a.canonical()).isEqualTo("alice.liddell@example.test");
        assertThat(a).hasToString("Alice.Liddell@example.test");
    }

    @Test
    void acceptsUtf8LocalPartsAndInternationalDomains() {
        assertThat(EmailAddress.parse("jöran@bücher.example").domain()).isEqualTo("bücher.example");
        assertThat(EmailAddress.parse("user+tag@example.test").localPart()).isEqualTo("user+tag");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "@example.test", "user@", "a b@example.test", ".a@example.test",
        "a..b@example.test", "a.@example.test", "user@exa mple.test", "user@-bad-.test", "user@a..test",
        "user\r\n@example.test", "<user@example.test>"})
    void refusesWhatIsNotAnAddress(String text) {
        assertThatThrownBy(() -> EmailAddress.parse(text))
                .isInstanceOf(InvalidAddressException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r"));
    }

    @Test
    void refusesAnOverlongLocalPart() {
        assertThatThrownBy(() -> EmailAddress.parse("x".repeat(65) + "@example.test"))
                .hasMessageContaining("64");
    }
}

package org.postern.core.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The SCRAM-SHA-256 verifier: RFC 7677's example user ("user", "pencil") gives the StoredKey and
 * ServerKey that GNU SASL's {@code gsasl --mkpasswd -m SCRAM-SHA-256 --password pencil
 * --salt W22ZaJ0SNY7soEsUEjb6gQ== --iteration-count 4096} prints; SASLprep applies to the
 * password; RFC 5803's text form reads back.
 */
class ScramVerifierTest {

    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    @Test
    void rfc7677ExampleUserMatchesGnuSasl() {
        ScramVerifier v = ScramVerifier.derive("pencil".toCharArray(), SALT, 4096);
        assertThat(v.text()).isEqualTo("SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$"
                + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=");
    }

    @Test
    void textFormReadsBack() {
        ScramVerifier v = ScramVerifier.of("correct horse".toCharArray(), ScramVerifier.MIN_ITERATIONS);
        ScramVerifier back = ScramVerifier.parse(v.text());
        assertThat(back.salt()).isEqualTo(v.salt()).hasSize(ScramVerifier.SALT_LENGTH);
        assertThat(back.iterations()).isEqualTo(4096);
        assertThat(back.storedKey()).isEqualTo(v.storedKey());
        assertThat(back.serverKey()).isEqualTo(v.serverKey());
        assertThatThrownBy(() -> ScramVerifier.parse("SCRAM-SHA-1$4096:c2FsdHNhbHQ=$AAAA:AAAA"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramVerifier.parse("garbage")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fewerIterationsThanTheRfcAsksAreRefused() {
        assertThatThrownBy(() -> ScramVerifier.derive("pencil".toCharArray(), SALT, 1000))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saslprepMapsAndProhibits() {
        // RFC 4013 section 3: SOFT HYPHEN maps to nothing, so "I\u00ADX" is "IX"; NBSP maps to a space
        assertThat(ScramVerifier.derive("I\u00ADX".toCharArray(), SALT, 4096).storedKey())
                .isEqualTo(ScramVerifier.derive("IX".toCharArray(), SALT, 4096).storedKey());
        assertThat(ScramVerifier.derive("a\u00A0b".toCharArray(), SALT, 4096).storedKey())
                .isEqualTo(ScramVerifier.derive("a b".toCharArray(), SALT, 4096).storedKey());
        // and prohibits control characters (RFC 4013 section 2.3, example 5)
        assertThatThrownBy(() -> ScramVerifier.derive("\u0007".toCharArray(), SALT, 4096))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

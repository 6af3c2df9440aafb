package org.postern.directory.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    /** Made by the reference C implementation (libargon2, argon2id_hash_encoded) with salt "somesaltsomesalt". */
    private static final String[] REFERENCE = {
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$K13EBUiG7JV+9ZxztmHFTdb7J0WQsnj2V8bZaqyPptE",
        "$argon2id$v=19$m=64,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$55PWTvddWPUD1GMbKxSff4ASfF85k9ibHJt4HlHQtBM",
        "$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHRzb21lc2FsdA$RAW5CJoqSnrdFn0R1j+OxBwkCOHY5F4CuFv0rJgQLlE",
    };

    private final PasswordHasher hasher = new PasswordHasher(new Argon2Settings(64, 1, 1));

    @Test
    void verifiesHashesMadeByTheReferenceImplementation() {
        for (String stored : REFERENCE) {
            assertThat(hasher.verify("password".toCharArray(), stored)).as(stored).isTrue();
            assertThat(hasher.verify("Password".toCharArray(), stored)).as(stored).isFalse();
        }
    }

    @Test
    void writesPhcStringsWithTheConfiguredCost() {
        String stored = new PasswordHasher(Argon2Settings.DEFAULTS).hash("s3cret".toCharArray());
        assertThat(stored).matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(PhcString.parse(stored).format()).isEqualTo(stored);
    }

    @Test
    void saltsEveryHash() {
        assertThat(hasher.hash("same".toCharArray())).isNotEqualTo(hasher.hash("same".toCharArray()));
    }

    @Test
    void roundTripsUnicodePasswords() {
        char[] password = "pässwörd-日本-\uD83D\uDD11".toCharArray();
        String stored = hasher.hash(password);
        assertThat(hasher.verify(password, stored)).isTrue();
        assertThat(hasher.verify("passwörd".toCharArray(), stored)).isFalse();
    }

    @Test
    void tellsWhenAHashShouldBeRemade() {
        assertThat(hasher.needsRehash(REFERENCE[1])).isFalse();
        assertThat(hasher.needsRehash(REFERENCE[0])).isTrue();
        assertThat(hasher.needsRehash("garbage")).isTrue();
    }

    @Test
    void neverMatchesWhatIsNotAHash() {
        assertThat(hasher.verify("password".toCharArray(), "password")).isFalse();
        assertThat(hasher.verify("password".toCharArray(), "$argon2i$v=19$m=64,t=1,p=1$c29tZXNhbHQ$55PWTvddWPUD1GMbKxSff4")).isFalse();
        assertThat(hasher.verify(new char[] {'\uD800'}, REFERENCE[1])).isFalse();
    }

    @Test
    void refusesCostsOutOfBounds() {
        assertThatThrownBy(() -> PhcString.parse("$argon2id$v=19$m=9999999999,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$55PWTvddWPUD1GMbKxSff4ASfF85k9ibHJt4HlHQtBM"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("55PW");
        assertThatThrownBy(() -> new Argon2Settings(64, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ntHashOfPasswordIsTheKnownOne() {
        assertThat(HexFormat.of().withUpperCase().formatHex(NtHash.of("password".toCharArray())))
                .isEqualTo("8846F7EAEE8FB117AD06BDD830B7586C");
    }
}

package org.postern.auth.ntlm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.core.testing.TestClock;
import org.postern.protocols.ntlm.AuthenticateMessage;
import org.postern.protocols.ntlm.ChallengeMessage;
import org.postern.protocols.ntlm.NtlmV2Response;

/**
 * The NTLMv2 keys against MS-NLMP section 4.2.4 (user "User", domain "Domain", password
 * "Password", server challenge 0123456789abcdef, client challenge aa…, time 0, random session
 * key 55…): the NT hash of 4.2.2.1.2, NTOWFv2 (4.2.4.1.1), the session base key (4.2.4.1.2),
 * NTProofStr (4.2.4.2.2), the ExportedSessionKey from the EncryptedRandomSessionKey
 * (4.2.4.2.3) and the client's sealing and signing keys (4.2.4.4), all from the spec's own
 * AUTHENTICATE message; and the replay guard.
 */
class NtlmKeysTest {

    private static final HexFormat HEX = HexFormat.of();
    /** NTOWFv1("Password"), MS-NLMP 4.2.2.1.2. */
    private static final byte[] NT_HASH = HEX.parseHex("a4f49c406510bdcab6824ee7c30fd852");
    private static final byte[] AUTHENTICATE = HEX.parseHex("4e544c4d535350000300000018001800"
            + "6c00000054005400840000000c000c00" + "48000000080008005400000010001000" + "5c00000010001000d8000000358288e2"
            + "0501280a0000000f44006f006d006100" + "69006e00550073006500720043004f00" + "4d005000550054004500520086c35097"
            + "ac9cec102554764a57cccc19aaaaaaaa" + "aaaaaaaa68cd0ab851e51c96aabc927b" + "ebef6a1c010100000000000000000000"
            + "00000000aaaaaaaaaaaaaaaa00000000" + "02000c0044006f006d00610069006e00" + "01000c00530065007200760065007200"
            + "0000000000000000c5dad2544fc97990" + "94ce1ce90bc9d03e");

    @Test
    void theSpecsNtlmV2Example() throws Exception {
        AuthenticateMessage a = AuthenticateMessage.parse(AUTHENTICATE);
        NtlmV2Response v2 = NtlmV2Response.parse(a.ntChallengeResponse());

        byte[] responseKey = NtlmV2Proof.responseKeyNt(NT_HASH, a.user(), a.domain());
        assertThat(HEX.formatHex(responseKey)).isEqualTo("0c868a403bfd7a93a3001ef22ef02e3f");
        assertThat(NtlmV2Proof.responseKeyNt(NT_HASH, "user", "Domain")).as("the user name is upper-cased").isEqualTo(responseKey);
        assertThat(NtlmV2Proof.responseKeyNt(NT_HASH, "User", "DOMAIN")).as("the domain is not").isNotEqualTo(responseKey);

        byte[] proof = NtlmV2Proof.ntProofStr(responseKey, HEX.parseHex("0123456789abcdef"), v2.clientBlob());
        assertThat(HEX.formatHex(proof)).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c").isEqualTo(HEX.formatHex(v2.ntProofStr()));

        byte[] sessionBaseKey = NtlmV2Proof.sessionBaseKey(responseKey, proof);
        assertThat(HEX.formatHex(sessionBaseKey)).isEqualTo("8de40ccadbc14a82f15cb0ad0de95ca3");

        NtlmSessionKeys keys = NtlmSessionKeys.derive(sessionBaseKey, a.flags(), a.encryptedRandomSessionKey());
        assertThat(HEX.formatHex(keys.exportedSessionKey())).isEqualTo("55555555555555555555555555555555");
        assertThat(HEX.formatHex(NtlmSessionKeys.rc4(sessionBaseKey, keys.exportedSessionKey())))
                .isEqualTo("c5dad2544fc9799094ce1ce90bc9d03e");
        assertThat(HEX.formatHex(keys.sealingKey(true))).isEqualTo("59f600973cc4960a25480a7c196e4c58");
        assertThat(HEX.formatHex(keys.signingKey(true))).isEqualTo("4788dc861b4782f35d43fd98fe1a2d39");
        assertThat(keys.signingKey(false)).isNotEqualTo(keys.signingKey(true));

        // without KEY_EXCH the exported key is the key exchange key itself
        NtlmSessionKeys plain = NtlmSessionKeys.derive(sessionBaseKey, a.flags() & ~0x40000000, new byte[0]);
        assertThat(plain.exportedSessionKey()).isEqualTo(sessionBaseKey);
    }

    @Test
    void theTargetNamesAndLogins() {
        NtlmTarget t = NtlmTarget.of("mail.example.test", List.of("example.test", "other.test"));
        assertThat(t).isEqualTo(new NtlmTarget("EXAMPLE", "MAIL", "example.test", "mail.example.test"));
        assertThat(t.login("", "alice@example.test", List.of())).contains("alice@example.test");
        assertThat(t.login("EXAMPLE", "alice", List.of())).contains("alice@example.test");
        assertThat(t.login("example.test", "alice", List.of())).contains("alice@example.test");
        assertThat(t.login("other.test", "bob", List.of("example.test", "other.test"))).contains("bob@other.test");
        assertThat(t.login("ELSEWHERE", "alice", List.of("example.test"))).isEmpty();
        assertThat(t.login("EXAMPLE", "", List.of())).isEmpty();
        assertThat(NtlmTarget.of("averyveryverylongname.example.test", List.of()).nbComputer()).hasSize(15);
        assertThat(NtlmTarget.of("localhost", List.of()).dnsDomain()).isEqualTo("localhost");
    }

    @Test
    void theReplayGuardRefusesAProofTwiceWithinItsWindow() {
        TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
        NtlmReplayGuard guard = new NtlmReplayGuard(Duration.ofMinutes(10), clock, 3);
        byte[] proof = HEX.parseHex("68cd0ab851e51c96aabc927bebef6a1c");
        assertThat(guard.used(proof)).isFalse();
        assertThat(guard.firstUse(proof)).isTrue();
        assertThat(guard.used(proof)).isTrue();
        assertThat(guard.firstUse(proof)).isFalse();
        clock.advance(Duration.ofMinutes(11));
        assertThat(guard.used(proof)).as("forgotten after the window").isFalse();
        assertThat(guard.newChallenge()).hasSize(8).isNotEqualTo(guard.newChallenge());
    }

    @Test
    void theChallengeGrantsWhatTheClientAsksForAndNeverLmKey() throws Exception {
        int flags = NtlmMechanism.challengeFlags(0xe2088297);
        assertThat(flags & 0x80).as("LM_KEY").isZero();
        assertThat(flags & 0x00080000).as("extended session security").isNotZero();
        ChallengeMessage c = new ChallengeMessage(flags, "EXAMPLE", new byte[8],
                NtlmTarget.of("mail.example.test", List.of()).targetInfo(0), new byte[8]);
        assertThat(ChallengeMessage.parse(c.encode())).isEqualTo(c);
    }
}

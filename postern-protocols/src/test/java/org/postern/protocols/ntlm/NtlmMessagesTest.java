package org.postern.protocols.ntlm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The NTLM messages against the bytes of MS-NLMP section 4.2.4 (NTLMv2 authentication of
 * "User" in "Domain" on "Server" from "COMPUTER"), and against truncated, mangled and random
 * input: always an {@link NtlmFormatException}, never another exception.
 */
class NtlmMessagesTest {

    private static final HexFormat HEX = HexFormat.of();

    /** MS-NLMP 4.2.4.3, the CHALLENGE_MESSAGE. */
    static final byte[] CHALLENGE = HEX.parseHex("4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef"
            + "00000000000000002400240044000000060070170000000f53006500720076006500720002000c0044006f006d00610069006e00"
            + "01000c0053006500720076006500720000000000");

    /** MS-NLMP 4.2.4.3, the AUTHENTICATE_MESSAGE. */
    static final byte[] AUTHENTICATE = HEX.parseHex("4e544c4d535350000300000018001800" + "6c00000054005400840000000c000c00"
            + "48000000080008005400000010001000" + "5c00000010001000d8000000358288e2" + "0501280a0000000f44006f006d006100"
            + "69006e00550073006500720043004f00" + "4d005000550054004500520086c35097" + "ac9cec102554764a57cccc19aaaaaaaa"
            + "aaaaaaaa68cd0ab851e51c96aabc927b" + "ebef6a1c010100000000000000000000" + "00000000aaaaaaaaaaaaaaaa00000000"
            + "02000c0044006f006d00610069006e00" + "01000c00530065007200760065007200" + "0000000000000000c5dad2544fc97990"
            + "94ce1ce90bc9d03e");

    @Test
    void theSpecsChallengeMessageParsesAndIsLaidOutByteForByte() throws Exception {
        ChallengeMessage c = ChallengeMessage.parse(CHALLENGE);
        assertThat(c.flags()).isEqualTo(0xe28a8233);
        assertThat(NegotiateFlags.describe(c.flags())).contains("UNICODE", "EXTENDED_SESSIONSECURITY", "KEY_EXCH", "SEAL");
        assertThat(c.targetName()).isEqualTo("Server");
        assertThat(HEX.formatHex(c.serverChallenge())).isEqualTo("0123456789abcdef");
        assertThat(c.targetInfo().name(AvPairs.MSV_AV_NB_DOMAIN_NAME)).contains("Domain");
        assertThat(c.targetInfo().name(AvPairs.MSV_AV_NB_COMPUTER_NAME)).contains("Server");
        assertThat(HEX.formatHex(c.version())).isEqualTo("060070170000000f");

        ChallengeMessage made = new ChallengeMessage(0xe28a8233, "Server", HEX.parseHex("0123456789abcdef"),
                new AvPairs(List.of(AvPairs.name(AvPairs.MSV_AV_NB_DOMAIN_NAME, "Domain"),
                        AvPairs.name(AvPairs.MSV_AV_NB_COMPUTER_NAME, "Server"))),
                HEX.parseHex("060070170000000f"));
        assertThat(made.encode()).isEqualTo(CHALLENGE);
    }

    @Test
    void theSpecsAuthenticateMessageParses() throws Exception {
        AuthenticateMessage a = AuthenticateMessage.parse(AUTHENTICATE);
        assertThat(a.flags()).isEqualTo(0xe2888235);
        assertThat(a.domain()).isEqualTo("Domain");
        assertThat(a.user()).isEqualTo("User");
        assertThat(a.workstation()).isEqualTo("COMPUTER");
        assertThat(HEX.formatHex(a.lmChallengeResponse())).isEqualTo("86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa");
        assertThat(HEX.formatHex(a.encryptedRandomSessionKey())).isEqualTo("c5dad2544fc9799094ce1ce90bc9d03e");
        assertThat(a.mic()).as("the header ends at 72: a Version, no MIC field").isEmpty();
        assertThat(a.bytesWithMicZeroed()).isEqualTo(AUTHENTICATE);

        NtlmV2Response v2 = NtlmV2Response.parse(a.ntChallengeResponse());
        assertThat(HEX.formatHex(v2.ntProofStr())).isEqualTo("68cd0ab851e51c96aabc927bebef6a1c");
        assertThat(v2.timestamp()).isZero();
        assertThat(HEX.formatHex(v2.clientChallenge())).isEqualTo("aaaaaaaaaaaaaaaa");
        assertThat(v2.avPairs().name(AvPairs.MSV_AV_NB_DOMAIN_NAME)).contains("Domain");
        assertThat(v2.avPairs().flags()).isZero();
        assertThat(v2.clientBlob()).hasSize(a.ntChallengeResponse().length - 16);

        // the same message, laid out by the codec from its parts
        AuthenticateMessage made = AuthenticateMessage.of(0xe2888235, a.lmChallengeResponse(), a.ntChallengeResponse(),
                "Domain", "User", "COMPUTER", a.encryptedRandomSessionKey(), HEX.parseHex("0501280a0000000f"), false);
        assertThat(made.bytes()).isEqualTo(AUTHENTICATE);
        byte[] blob = NtlmV2Response.clientBlob(0, HEX.parseHex("aaaaaaaaaaaaaaaa"), ChallengeMessage.parse(CHALLENGE).targetInfo());
        assertThat(blob).isEqualTo(v2.clientBlob());
    }

    @Test
    void aMicFieldIsFoundWhenTheHeaderHasRoomForIt() throws Exception {
        AuthenticateMessage a = AuthenticateMessage.parse(AUTHENTICATE);
        AuthenticateMessage withField = AuthenticateMessage.of(a.flags(), a.lmChallengeResponse(), a.ntChallengeResponse(),
                "Domain", "User", "COMPUTER", a.encryptedRandomSessionKey(), new byte[8], true);
        assertThat(withField.mic()).hasValueSatisfying(m -> assertThat(m).containsOnly(0));
        byte[] mic = new byte[16];
        Arrays.fill(mic, (byte) 7);
        AuthenticateMessage signed = withField.withMic(mic);
        assertThat(signed.mic()).hasValueSatisfying(m -> assertThat(m).isEqualTo(mic));
        assertThat(signed.bytesWithMicZeroed()).isEqualTo(withField.bytes());
        assertThat(AuthenticateMessage.parse(signed.bytes())).isEqualTo(signed);
    }

    @Test
    void aNegotiateMessageParses() throws Exception {
        NegotiateMessage n = NegotiateMessage.of(NegotiateFlags.UNICODE | NegotiateFlags.EXTENDED_SESSIONSECURITY);
        NegotiateMessage parsed = NegotiateMessage.parse(n.bytes());
        assertThat(parsed.flags()).isEqualTo(NegotiateFlags.UNICODE | NegotiateFlags.EXTENDED_SESSIONSECURITY);
        assertThat(parsed.domain()).isEmpty();
        // curl's first message: OEM, REQUEST_TARGET, NTLM, NTLM2 key (extended session security), ALWAYS_SIGN
        byte[] curl = HEX.parseHex("4e544c4d5353500001000000068208000000000000000000000000000000000000");
        assertThat(NegotiateMessage.parse(Arrays.copyOf(curl, 32)).flags()).isEqualTo(0x00088206);
    }

    @Test
    void everyTruncationOfEveryMessageIsAFormatError() {
        for (int length = 0; length < CHALLENGE.length; length++) {
            byte[] cut = Arrays.copyOf(CHALLENGE, length);
            assertThatThrownBy(() -> ChallengeMessage.parse(cut)).as("challenge cut at %d", length)
                    .isInstanceOf(NtlmFormatException.class);
        }
        for (int length = 0; length < AUTHENTICATE.length; length++) {
            byte[] cut = Arrays.copyOf(AUTHENTICATE, length);
            assertThatThrownBy(() -> AuthenticateMessage.parse(cut)).as("authenticate cut at %d", length)
                    .isInstanceOf(NtlmFormatException.class);
        }
        for (int length = 0; length < 32; length++) {
            byte[] cut = Arrays.copyOf(NegotiateMessage.of(NegotiateFlags.UNICODE).bytes(), length);
            assertThatThrownBy(() -> NegotiateMessage.parse(cut)).isInstanceOf(NtlmFormatException.class);
        }
    }

    @Test
    void wrongSignatureTypeOffsetsAndStringsAreFormatErrors() throws Exception {
        byte[] signature = AUTHENTICATE.clone();
        signature[0] = 'X';
        assertThatThrownBy(() -> AuthenticateMessage.parse(signature)).hasMessageContaining("signature");
        assertThatThrownBy(() -> AuthenticateMessage.parse(CHALLENGE)).hasMessageContaining("message type 2");
        assertThatThrownBy(() -> NegotiateMessage.parse(AUTHENTICATE)).hasMessageContaining("message type 3");
        byte[] offset = AUTHENTICATE.clone();
        offset[20 + 7] = (byte) 0xff; // NtChallengeResponse offset far past the end
        assertThatThrownBy(() -> AuthenticateMessage.parse(offset)).hasMessageContaining("NtChallengeResponse");
        byte[] odd = AUTHENTICATE.clone();
        odd[36] = 7; // UserName of 7 bytes in UTF-16
        assertThatThrownBy(() -> AuthenticateMessage.parse(odd)).hasMessageContaining("odd length");
        byte[] respType = AuthenticateMessage.parse(AUTHENTICATE).ntChallengeResponse();
        respType[16] = 2;
        assertThatThrownBy(() -> NtlmV2Response.parse(respType)).hasMessageContaining("RespType");
        byte[] v1 = new byte[24];
        assertThatThrownBy(() -> NtlmV2Response.parse(v1)).hasMessageContaining("24 bytes");
        byte[] noEol = HEX.parseHex("02000c0044006f006d00610069006e00");
        assertThatThrownBy(() -> AvPairs.parse(noEol)).isInstanceOf(NtlmFormatException.class);
        byte[] pairRunsOver = HEX.parseHex("0200ff0044006f00");
        assertThatThrownBy(() -> AvPairs.parse(pairRunsOver)).isInstanceOf(NtlmFormatException.class);
        byte[] many = new byte[4 * (AvPairs.MAX_PAIRS + 1) + 4];
        for (int i = 0; i <= AvPairs.MAX_PAIRS; i++) {
            many[4 * i] = 9;
        }
        assertThatThrownBy(() -> AvPairs.parse(many)).hasMessageContaining("AV pairs");
    }

    @Test
    void randomAndMangledBytesNeverThrowAnythingButFormatErrors() {
        Random random = new Random(5);
        for (int i = 0; i < 20_000; i++) {
            byte[] base = switch (i % 3) {
                case 0 -> AUTHENTICATE;
                case 1 -> CHALLENGE;
                default -> NegotiateMessage.of(NegotiateFlags.UNICODE).bytes();
            };
            byte[] m = Arrays.copyOf(base, random.nextInt(base.length + 16));
            for (int k = random.nextInt(6); k >= 0 && m.length > 0; k--) {
                m[random.nextInt(m.length)] = (byte) random.nextInt(256);
            }
            parseAll(m);
        }
    }

    private static void parseAll(byte[] m) {
        try {
            AuthenticateMessage a = AuthenticateMessage.parse(m);
            a.mic();
            a.bytesWithMicZeroed();
            NtlmV2Response.parse(a.ntChallengeResponse());
        } catch (NtlmFormatException expected) {
            // the only exception allowed
        }
        try {
            ChallengeMessage.parse(m);
        } catch (NtlmFormatException expected) {
            // the only exception allowed
        }
        try {
            NegotiateMessage.parse(m);
        } catch (NtlmFormatException expected) {
            // the only exception allowed
        }
        try {
            AvPairs.parse(m);
        } catch (NtlmFormatException expected) {
            // the only exception allowed
        }
    }
}

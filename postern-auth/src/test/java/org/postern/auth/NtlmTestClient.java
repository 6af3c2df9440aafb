package org.postern.auth;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.digests.MD4Digest;
import org.postern.auth.ntlm.NtlmSessionKeys;
import org.postern.auth.ntlm.NtlmV2Proof;
import org.postern.protocols.ntlm.AuthenticateMessage;
import org.postern.protocols.ntlm.AvPairs;
import org.postern.protocols.ntlm.ChallengeMessage;
import org.postern.protocols.ntlm.NegotiateFlags;
import org.postern.protocols.ntlm.NegotiateMessage;
import org.postern.protocols.ntlm.NtlmFormatException;
import org.postern.protocols.ntlm.NtlmV2Response;

/**
 * An NTLMv2 client built from MS-NLMP section 3.1.5.1.2, for the mechanism's tests: it answers
 * a CHALLENGE as Windows does (time stamp from the server's MsvAvTimestamp, MsvAvFlags with
 * the MIC bit, an LMv2 response of zeros, a random session key sent with KEY_EXCH), or as curl
 * does ({@code mic=false}: its own clock, an LMv2 response, no MIC).
 */
final class NtlmTestClient {

    static final int FLAGS = NegotiateFlags.UNICODE | NegotiateFlags.REQUEST_TARGET | NegotiateFlags.SIGN
            | NegotiateFlags.SEAL | NegotiateFlags.NTLM | NegotiateFlags.ALWAYS_SIGN
            | NegotiateFlags.EXTENDED_SESSIONSECURITY | NegotiateFlags.VERSION | NegotiateFlags.NEGOTIATE_128
            | NegotiateFlags.KEY_EXCH | NegotiateFlags.NEGOTIATE_56;

    private final SecureRandom random = new SecureRandom();
    private final String domain;
    private final String user;
    private final byte[] ntHash;
    byte[] negotiate;
    NtlmSessionKeys keys;

    NtlmTestClient(String domain, String user, String password) {
        this.domain = domain;
        this.user = user;
        this.ntHash = ntHash(password);
    }

    static byte[] ntHash(String password) {
        byte[] utf16 = password.getBytes(StandardCharsets.UTF_16LE);
        MD4Digest md4 = new MD4Digest();
        md4.update(utf16, 0, utf16.length);
        byte[] out = new byte[16];
        md4.doFinal(out, 0);
        return out;
    }

    byte[] negotiate(int flags) {
        negotiate = NegotiateMessage.of(flags).bytes();
        return negotiate.clone();
    }

    byte[] negotiate() {
        return negotiate(FLAGS);
    }

    /** The AUTHENTICATE for this challenge, timed by the server's MsvAvTimestamp or {@code now}. */
    byte[] authenticate(byte[] challengeBytes, boolean mic, Instant now) throws NtlmFormatException {
        ChallengeMessage challenge = ChallengeMessage.parse(challengeBytes);
        byte[] clientChallenge = new byte[8];
        random.nextBytes(clientChallenge);
        List<AvPairs.Pair> pairs = new ArrayList<>(challenge.targetInfo().pairs());
        if (mic) {
            pairs.add(new AvPairs.Pair(AvPairs.MSV_AV_FLAGS, new byte[] {AvPairs.FLAG_MIC_PRESENT, 0, 0, 0}));
        }
        long time = mic ? challenge.targetInfo().timestamp().orElseThrow()
                : 116_444_736_000_000_000L + now.getEpochSecond() * 10_000_000L;
        byte[] blob = NtlmV2Response.clientBlob(time, clientChallenge, new AvPairs(pairs));
        byte[] responseKey = NtlmV2Proof.responseKeyNt(ntHash, user, domain);
        byte[] proof = NtlmV2Proof.ntProofStr(responseKey, challenge.serverChallenge(), blob);
        byte[] nt = new byte[16 + blob.length];
        System.arraycopy(proof, 0, nt, 0, 16);
        System.arraycopy(blob, 0, nt, 16, blob.length);
        byte[] lm = new byte[24];
        if (!mic) {
            byte[] lmProof = NtlmV2Proof.ntProofStr(responseKey, challenge.serverChallenge(), clientChallenge);
            System.arraycopy(lmProof, 0, lm, 0, 16);
            System.arraycopy(clientChallenge, 0, lm, 16, 8);
        }
        byte[] sessionBaseKey = NtlmV2Proof.sessionBaseKey(responseKey, proof);
        byte[] encrypted = new byte[0];
        if (NegotiateFlags.has(challenge.flags(), NegotiateFlags.KEY_EXCH)) {
            byte[] randomSessionKey = new byte[16];
            random.nextBytes(randomSessionKey);
            encrypted = NtlmSessionKeys.rc4(sessionBaseKey, randomSessionKey);
        }
        keys = NtlmSessionKeys.derive(sessionBaseKey, challenge.flags(), encrypted);
        AuthenticateMessage a = AuthenticateMessage.of(challenge.flags(), lm, nt, domain, user, "WORKSTATION", encrypted,
                new byte[] {10, 0, 0x61, 0x4a, 0, 0, 0, 15}, mic);
        if (mic) {
            a = a.withMic(keys.mic(negotiate, challengeBytes, a.bytes()));
        }
        return a.bytes();
    }
}

package org.postern.protocols.ntlm;

import java.util.Arrays;

/**
 * NTLMv2_RESPONSE (MS-NLMP section 2.2.2.8): the 16-byte NTProofStr, then the client's
 * NTLMv2_CLIENT_CHALLENGE (section 2.2.2.7) — RespType 1, HiRespType 1, reserved, the
 * client's TimeStamp (FILETIME), its 8-byte ChallengeFromClient, reserved, and its AV pairs.
 * {@link #clientBlob} is everything after NTProofStr, as the proof is computed over it.
 *
 * <p>An NtChallengeResponse of 24 bytes is an NTLMv1 response and does not parse here.
 */
public record NtlmV2Response(byte[] ntProofStr, byte[] clientBlob, long timestamp, byte[] clientChallenge, AvPairs avPairs) {

    /** NTProofStr, then the client challenge's fixed 28 bytes, then at least MsvAvEOL. */
    public static final int MINIMUM = 16 + 28 + 4;

    public NtlmV2Response {
        ntProofStr = ntProofStr.clone();
        clientBlob = clientBlob.clone();
        clientChallenge = clientChallenge.clone();
    }

    public static NtlmV2Response parse(byte[] ntChallengeResponse) throws NtlmFormatException {
        if (ntChallengeResponse.length < MINIMUM) {
            throw new NtlmFormatException("NTLMv2 response of " + ntChallengeResponse.length + " bytes");
        }
        NtlmReader r = new NtlmReader(ntChallengeResponse);
        if (ntChallengeResponse[16] != 1 || ntChallengeResponse[17] != 1) {
            throw new NtlmFormatException("NTLMv2 client challenge of RespType " + ntChallengeResponse[16]);
        }
        return new NtlmV2Response(r.bytes(0, 16), r.bytes(16, ntChallengeResponse.length - 16), r.int64(24),
                r.bytes(32, 8), AvPairs.parse(ntChallengeResponse, 44));
    }

    /**
     * The client challenge a client sends (for tests and clients): RespType 1, HiRespType 1,
     * the time stamp, its challenge and AV pairs, then 4 zero bytes as Windows sends them.
     */
    public static byte[] clientBlob(long timestamp, byte[] clientChallenge, AvPairs avPairs) {
        byte[] pairs = avPairs.encode();
        byte[] blob = new byte[28 + pairs.length + 4];
        blob[0] = 1;
        blob[1] = 1;
        for (int i = 0; i < 8; i++) {
            blob[8 + i] = (byte) (timestamp >>> (8 * i));
        }
        System.arraycopy(clientChallenge, 0, blob, 16, 8);
        System.arraycopy(pairs, 0, blob, 28, pairs.length);
        return blob;
    }

    @Override
    public byte[] ntProofStr() {
        return ntProofStr.clone();
    }

    @Override
    public byte[] clientBlob() {
        return clientBlob.clone();
    }

    @Override
    public byte[] clientChallenge() {
        return clientChallenge.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtlmV2Response n && Arrays.equals(n.ntProofStr, ntProofStr) && Arrays.equals(n.clientBlob, clientBlob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ntProofStr) * 31 + Arrays.hashCode(clientBlob);
    }
}

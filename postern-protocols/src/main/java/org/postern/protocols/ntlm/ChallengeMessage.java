package org.postern.protocols.ntlm;

import java.util.Arrays;

/**
 * CHALLENGE_MESSAGE (MS-NLMP section 2.2.1.2), the server's answer to NEGOTIATE: the flags it
 * agrees to, its TargetName, the 8-byte server challenge, its TargetInfo (AV pairs) and its
 * Version.
 *
 * <pre>
 *  0 Signature   8 MessageType 2   12 TargetNameFields   20 NegotiateFlags
 * 24 ServerChallenge (8)   32 Reserved (8)   40 TargetInfoFields   48 Version (8)   56 payload
 * </pre>
 *
 * TargetName is UTF-16LE when {@link NegotiateFlags#UNICODE} is set, else OEM.
 */
public record ChallengeMessage(int flags, String targetName, byte[] serverChallenge, AvPairs targetInfo, byte[] version) {

    static final int HEADER = 56;
    static final int MINIMUM = 48;

    public ChallengeMessage {
        if (serverChallenge.length != 8 || version.length != 8) {
            throw new IllegalArgumentException("a server challenge and a version are 8 bytes each");
        }
        serverChallenge = serverChallenge.clone();
        version = version.clone();
    }

    @Override
    public byte[] serverChallenge() {
        return serverChallenge.clone();
    }

    @Override
    public byte[] version() {
        return version.clone();
    }

    public byte[] encode() {
        NtlmWriter w = new NtlmWriter(2, HEADER);
        w.buffer(12, NtlmWriter.text(targetName, NegotiateFlags.has(flags, NegotiateFlags.UNICODE)));
        w.int32(20, flags);
        w.bytes(24, serverChallenge);
        w.buffer(40, targetInfo.encode());
        w.bytes(48, version);
        return w.toBytes();
    }

    public static ChallengeMessage parse(byte[] message) throws NtlmFormatException {
        NtlmReader r = NtlmReader.of(message, 2, MINIMUM, "CHALLENGE_MESSAGE");
        int flags = r.int32(20);
        String target = NtlmReader.text(r.buffer(12, "TargetName"), NegotiateFlags.has(flags, NegotiateFlags.UNICODE),
                "TargetName");
        byte[] info = r.buffer(40, "TargetInfo");
        AvPairs pairs = info.length == 0 ? new AvPairs(java.util.List.of()) : AvPairs.parse(info);
        byte[] version = Math.min(r.bufferOffset(12), r.bufferOffset(40)) >= HEADER ? r.bytes(48, 8) : new byte[8];
        return new ChallengeMessage(flags, target, r.bytes(24, 8), pairs, version);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChallengeMessage c && Arrays.equals(c.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }
}

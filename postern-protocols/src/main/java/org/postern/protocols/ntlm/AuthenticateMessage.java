package org.postern.protocols.ntlm;

import java.util.Arrays;
import java.util.Optional;

/**
 * AUTHENTICATE_MESSAGE (MS-NLMP section 2.2.1.3), the client's last message: its LM and NT
 * challenge responses, its domain, user and workstation names, the EncryptedRandomSessionKey,
 * the flags, and — when the header is long enough — the Version and the MIC.
 *
 * <pre>
 *  0 Signature   8 MessageType 3   12 LmChallengeResponseFields   20 NtChallengeResponseFields
 * 28 DomainNameFields   36 UserNameFields   44 WorkstationFields
 * 52 EncryptedRandomSessionKeyFields   60 NegotiateFlags   64 Version (8)   72 MIC (16)   88 payload
 * </pre>
 *
 * Whether the Version and MIC fields are there is read from where the first payload starts:
 * older clients (curl among them) end the header at 64 and send neither. Whether a MIC was
 * computed is said by the client's MsvAvFlags in its NTLMv2 response, not here.
 */
public record AuthenticateMessage(int flags, byte[] lmChallengeResponse, byte[] ntChallengeResponse, String domain,
                                  String user, String workstation, byte[] encryptedRandomSessionKey, byte[] bytes) {

    static final int MINIMUM = 64;
    static final int MIC_OFFSET = 72;
    static final int MIC_LENGTH = 16;
    private static final int HEADER_WITH_MIC = MIC_OFFSET + MIC_LENGTH;

    public AuthenticateMessage {
        lmChallengeResponse = lmChallengeResponse.clone();
        ntChallengeResponse = ntChallengeResponse.clone();
        encryptedRandomSessionKey = encryptedRandomSessionKey.clone();
        bytes = bytes.clone();
    }

    public static AuthenticateMessage parse(byte[] message) throws NtlmFormatException {
        NtlmReader r = NtlmReader.of(message, 3, MINIMUM, "AUTHENTICATE_MESSAGE");
        int flags = r.int32(60);
        boolean unicode = NegotiateFlags.has(flags, NegotiateFlags.UNICODE);
        return new AuthenticateMessage(flags,
                r.buffer(12, "LmChallengeResponse"),
                r.buffer(20, "NtChallengeResponse"),
                NtlmReader.text(r.buffer(28, "DomainName"), unicode, "DomainName"),
                NtlmReader.text(r.buffer(36, "UserName"), unicode, "UserName"),
                NtlmReader.text(r.buffer(44, "Workstation"), unicode, "Workstation"),
                r.buffer(52, "EncryptedRandomSessionKey"),
                message);
    }

    /**
     * A client's message (for tests and clients): the MIC field is laid out (zero) when
     * {@code withMicField}, to be filled by {@link #withMic}.
     */
    public static AuthenticateMessage of(int flags, byte[] lm, byte[] nt, String domain, String user, String workstation,
                                         byte[] encryptedRandomSessionKey, byte[] version, boolean withMicField) {
        boolean unicode = NegotiateFlags.has(flags, NegotiateFlags.UNICODE);
        NtlmWriter w = new NtlmWriter(3, withMicField ? HEADER_WITH_MIC : MIC_OFFSET);
        w.buffer(28, NtlmWriter.text(domain, unicode));
        w.buffer(36, NtlmWriter.text(user, unicode));
        w.buffer(44, NtlmWriter.text(workstation, unicode));
        w.buffer(12, lm);
        w.buffer(20, nt);
        w.buffer(52, encryptedRandomSessionKey);
        w.int32(60, flags);
        w.bytes(64, version);
        try {
            return parse(w.toBytes());
        } catch (NtlmFormatException e) {
            throw new IllegalStateException("a message just laid out does not parse", e);
        }
    }

    /** Where the header ends: the first payload's offset (or the message's end). */
    private int headerEnd() {
        int end = bytes.length;
        for (int at = 12; at <= 52; at += 8) {
            int length = (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8;
            if (length > 0) {
                long offset = (bytes[at + 4] & 0xffL) | (bytes[at + 5] & 0xffL) << 8 | (bytes[at + 6] & 0xffL) << 16
                        | (bytes[at + 7] & 0xffL) << 24;
                end = (int) Math.min(end, offset);
            }
        }
        return end;
    }

    /** The MIC field, when the header has room for it (it may still be zero: see MsvAvFlags). */
    public Optional<byte[]> mic() {
        if (headerEnd() < HEADER_WITH_MIC) {
            return Optional.empty();
        }
        return Optional.of(Arrays.copyOfRange(bytes, MIC_OFFSET, HEADER_WITH_MIC));
    }

    /** The message with its MIC field zeroed, as the MIC is computed over it (MS-NLMP section 3.1.5.1.2). */
    public byte[] bytesWithMicZeroed() {
        byte[] copy = bytes.clone();
        if (mic().isPresent()) {
            Arrays.fill(copy, MIC_OFFSET, HEADER_WITH_MIC, (byte) 0);
        }
        return copy;
    }

    /** This message with {@code mic} in its MIC field (a client's last step). */
    public AuthenticateMessage withMic(byte[] mic) {
        if (mic().isEmpty() || mic.length != MIC_LENGTH) {
            throw new IllegalArgumentException("no MIC field, or not 16 bytes");
        }
        byte[] copy = bytes.clone();
        System.arraycopy(mic, 0, copy, MIC_OFFSET, MIC_LENGTH);
        return new AuthenticateMessage(flags, lmChallengeResponse, ntChallengeResponse, domain, user, workstation,
                encryptedRandomSessionKey, copy);
    }

    @Override
    public byte[] lmChallengeResponse() {
        return lmChallengeResponse.clone();
    }

    @Override
    public byte[] ntChallengeResponse() {
        return ntChallengeResponse.clone();
    }

    @Override
    public byte[] encryptedRandomSessionKey() {
        return encryptedRandomSessionKey.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticateMessage a && Arrays.equals(a.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "AuthenticateMessage[flags=" + NegotiateFlags.describe(flags) + ", domain=" + domain + ", user=" + user
                + ", workstation=" + workstation + ", lm=" + lmChallengeResponse.length + " bytes, nt="
                + ntChallengeResponse.length + " bytes]";
    }
}

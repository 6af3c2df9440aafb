package org.postern.protocols.ntlm;

import java.util.Arrays;

/**
 * NEGOTIATE_MESSAGE (MS-NLMP section 2.2.1.1), the client's first message: its
 * NegotiateFlags, and optionally its domain and workstation (OEM strings, for information
 * only). The bytes as received are kept: the MIC covers them.
 *
 * <pre>
 *  0 Signature "NTLMSSP\0"   8 MessageType 1   12 NegotiateFlags
 * 16 DomainNameFields       24 WorkstationFields   32 Version (with NEGOTIATE_VERSION)
 * </pre>
 */
public record NegotiateMessage(int flags, String domain, String workstation, byte[] bytes) {

    /** Signature, type, flags and the two security buffers. */
    static final int MINIMUM = 32;

    public NegotiateMessage {
        bytes = bytes.clone();
    }

    public static NegotiateMessage parse(byte[] message) throws NtlmFormatException {
        NtlmReader r = NtlmReader.of(message, 1, MINIMUM, "NEGOTIATE_MESSAGE");
        int flags = r.int32(12);
        String domain = NtlmReader.text(r.buffer(16, "DomainName"), false, "DomainName");
        String workstation = NtlmReader.text(r.buffer(24, "Workstation"), false, "Workstation");
        return new NegotiateMessage(flags, domain, workstation, message);
    }

    /** A client's message with these flags and no names (for tests and clients). */
    public static NegotiateMessage of(int flags) {
        NtlmWriter w = new NtlmWriter(1, 32);
        w.int32(12, flags);
        w.buffer(16, new byte[0]);
        w.buffer(24, new byte[0]);
        return new NegotiateMessage(flags, "", "", w.toBytes());
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NegotiateMessage n && Arrays.equals(n.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }
}

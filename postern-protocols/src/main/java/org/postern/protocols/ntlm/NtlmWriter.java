package org.postern.protocols.ntlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Lays out an NTLM message (MS-NLMP section 2.2): a fixed header of the given size, then the
 * payloads its security buffers point to, in the order they are added.
 */
final class NtlmWriter {

    private final byte[] header;
    private final ByteArrayOutputStream payload = new ByteArrayOutputStream();

    NtlmWriter(int type, int headerSize) {
        header = new byte[headerSize];
        System.arraycopy(NtlmReader.SIGNATURE, 0, header, 0, 8);
        int32(8, type);
    }

    void int32(int at, int value) {
        header[at] = (byte) value;
        header[at + 1] = (byte) (value >>> 8);
        header[at + 2] = (byte) (value >>> 16);
        header[at + 3] = (byte) (value >>> 24);
    }

    void bytes(int at, byte[] value) {
        System.arraycopy(value, 0, header, at, value.length);
    }

    /** Appends {@code value} to the payload and writes its security buffer at {@code at}. */
    void buffer(int at, byte[] value) {
        int offset = header.length + payload.size();
        header[at] = (byte) value.length;
        header[at + 1] = (byte) (value.length >>> 8);
        header[at + 2] = header[at];
        header[at + 3] = header[at + 1];
        int32(at + 4, offset);
        payload.writeBytes(value);
    }

    byte[] toBytes() {
        byte[] out = new byte[header.length + payload.size()];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(payload.toByteArray(), 0, out, header.length, payload.size());
        return out;
    }

    static byte[] text(String value, boolean unicode) {
        return value.getBytes(unicode ? StandardCharsets.UTF_16LE : StandardCharsets.ISO_8859_1);
    }
}

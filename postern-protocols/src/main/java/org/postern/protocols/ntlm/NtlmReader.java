package org.postern.protocols.ntlm;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the fixed parts of an NTLM message (MS-NLMP section 2.2): the signature and message
 * type, little-endian integers, and the payload a security buffer (length, maximum length,
 * offset) points to — each checked against the message's length.
 */
final class NtlmReader {

    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};

    private final byte[] message;

    NtlmReader(byte[] message) {
        this.message = message;
    }

    /** Checks the signature and message type; the message must hold at least {@code minimum} bytes. */
    static NtlmReader of(byte[] message, int type, int minimum, String name) throws NtlmFormatException {
        if (message == null || message.length < minimum) {
            throw new NtlmFormatException(name + " shorter than " + minimum + " bytes");
        }
        if (!Arrays.equals(message, 0, 8, SIGNATURE, 0, 8)) {
            throw new NtlmFormatException(name + " without the NTLMSSP signature");
        }
        NtlmReader r = new NtlmReader(message);
        int actual = r.int32(8);
        if (actual != type) {
            throw new NtlmFormatException(name + " expected, message type " + Integer.toUnsignedString(actual) + " found");
        }
        return r;
    }

    int length() {
        return message.length;
    }

    int uint16(int at) throws NtlmFormatException {
        need(at, 2);
        return (message[at] & 0xff) | (message[at + 1] & 0xff) << 8;
    }

    int int32(int at) throws NtlmFormatException {
        need(at, 4);
        return (message[at] & 0xff) | (message[at + 1] & 0xff) << 8 | (message[at + 2] & 0xff) << 16
                | (message[at + 3] & 0xff) << 24;
    }

    long int64(int at) throws NtlmFormatException {
        return (int32(at) & 0xffffffffL) | (long) int32(at + 4) << 32;
    }

    byte[] bytes(int at, int length) throws NtlmFormatException {
        need(at, length);
        return Arrays.copyOfRange(message, at, at + length);
    }

    /** The payload of the security buffer whose fields start at {@code at}; empty when its length is 0. */
    byte[] buffer(int at, String field) throws NtlmFormatException {
        int length = uint16(at);
        long offset = int32(at + 4) & 0xffffffffL;
        if (length == 0) {
            return new byte[0];
        }
        if (offset + length > message.length) {
            throw new NtlmFormatException(field + " runs past the message");
        }
        return Arrays.copyOfRange(message, (int) offset, (int) offset + length);
    }

    /** Where the security buffer at {@code at} points, or {@code Integer.MAX_VALUE} when it is empty. */
    int bufferOffset(int at) throws NtlmFormatException {
        return uint16(at) == 0 ? Integer.MAX_VALUE : (int) Math.min(Integer.MAX_VALUE, int32(at + 4) & 0xffffffffL);
    }

    /** A string in UTF-16LE ({@code unicode}) or the OEM character set (read as ISO-8859-1). */
    static String text(byte[] bytes, boolean unicode, String field) throws NtlmFormatException {
        if (!unicode) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (bytes.length % 2 != 0) {
            throw new NtlmFormatException(field + " is UTF-16 of odd length");
        }
        return new String(bytes, StandardCharsets.UTF_16LE);
    }

    private void need(int at, int length) throws NtlmFormatException {
        if (at < 0 || length < 0 || at > message.length - length) {
            throw new NtlmFormatException("field at " + at + " runs past the message");
        }
    }
}

package org.postern.directory.password;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Encodes a password held in a {@code char[]} without making a {@link String} of it (a string
 * cannot be wiped), so the caller can wipe every copy once the hash is made.
 */
final class PasswordBytes {

    private PasswordBytes() {
    }

    /** UTF-8, for Argon2. Unpaired surrogates are refused with {@link IllegalArgumentException}. */
    static byte[] utf8(char[] password) {
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(password));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid Unicode");
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        wipe(buffer);
        return bytes;
    }

    /** UTF-16 little-endian, for the NT hash (MS-NLMP section 3.3.1). */
    static byte[] utf16le(char[] password) {
        byte[] bytes = new byte[password.length * 2];
        for (int i = 0; i < password.length; i++) {
            bytes[2 * i] = (byte) password[i];
            bytes[2 * i + 1] = (byte) (password[i] >>> 8);
        }
        return bytes;
    }

    private static void wipe(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
    }
}

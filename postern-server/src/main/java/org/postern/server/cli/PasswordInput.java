package org.postern.server.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a password without it ever appearing in a command line or a process listing: the
 * first line of standard input ({@code --password-stdin}), or typed twice at the terminal.
 */
final class PasswordInput {

    /** Longer than any real password; bounds what is read from a pipe. */
    static final int MAX_BYTES = 1024;

    private PasswordInput() {
    }

    /** The first line of the stream, without its line end; refused when empty, too long or not UTF-8. */
    static char[] fromStream(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (bytes.size() >= MAX_BYTES) {
                throw new UserError("password longer than " + MAX_BYTES + " bytes");
            }
            bytes.write(b);
        }
        byte[] raw = bytes.toByteArray();
        int length = raw.length > 0 && raw[raw.length - 1] == '\r' ? raw.length - 1 : raw.length;
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw, 0, length));
            char[] password = Arrays.copyOf(chars.array(), chars.limit());
            Arrays.fill(chars.array(), '\0');
            if (password.length == 0) {
                throw new UserError("empty password on standard input");
            }
            return password;
        } catch (CharacterCodingException e) {
            throw new UserError("the password on standard input is not UTF-8");
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** Asks twice at the terminal; null when there is no terminal. */
    static char[] fromConsole(String address) {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        char[] first = console.readPassword("Password for %s: ", address);
        char[] second = console.readPassword("Again: ");
        if (first == null || second == null || first.length == 0) {
            throw new UserError("no password given");
        }
        if (!Arrays.equals(first, second)) {
            throw new UserError("the two passwords differ");
        }
        Arrays.fill(second, '\0');
        return first;
    }
}

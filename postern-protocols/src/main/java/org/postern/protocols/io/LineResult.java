package org.postern.protocols.io;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * What {@link CrlfLineReader#readLine()} found: a line, a line over the length limit (already
 * skipped), or the end of the stream. Callers switch over it exhaustively.
 */
public sealed interface LineResult {

    /**
     * One line without its terminator.
     *
     * @param bareLf the line ended with a LF not preceded by CR (RFC 5321 section 2.3.8 forbids it)
     * @param bareCr the line holds a CR not followed by LF
     */
    record Line(byte[] bytes, boolean bareLf, boolean bareCr) implements LineResult {

        /** True when the line ended with CRLF and holds no stray CR: the only form RFC 5321 allows. */
        public boolean isCanonical() {
            return !bareLf && !bareCr;
        }

        public int length() {
            return bytes.length;
        }

        /** True when every octet is 7-bit. */
        public boolean isAscii() {
            for (byte b : bytes) {
                if (b < 0) {
                    return false;
                }
            }
            return true;
        }

        /** True when the line holds a NUL octet. */
        public boolean hasNul() {
            for (byte b : bytes) {
                if (b == 0) {
                    return true;
                }
            }
            return false;
        }

        /** The line as ISO-8859-1 text: one char per octet, never fails (for 7-bit protocols). */
        public String latin1() {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }

        /** The line decoded as UTF-8 (RFC 3629, RFC 6531), or empty when it is not well-formed UTF-8. */
        public Optional<String> utf8() {
            if (isAscii()) {
                return Optional.of(latin1());
            }
            try {
                return Optional.of(StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes)).toString());
            } catch (CharacterCodingException e) {
                return Optional.empty();
            }
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Line l && l.bareLf == bareLf && l.bareCr == bareCr && Arrays.equals(l.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes) * 4 + (bareLf ? 2 : 0) + (bareCr ? 1 : 0);
        }

        @Override
        public String toString() {
            return "Line[" + latin1() + (bareLf ? ", bareLf" : "") + (bareCr ? ", bareCr" : "") + "]";
        }
    }

    /**
     * A line longer than the limit. Its octets were discarded up to and including its LF; the
     * reader is in step with the peer again. The caller answers {@code 500 5.5.2}.
     *
     * @param length octets seen in the line, without terminator
     */
    record TooLong(long length) implements LineResult {
    }

    /**
     * The peer closed the stream.
     *
     * @param partial octets received after the last line terminator (empty if none)
     */
    record EndOfStream(byte[] partial) implements LineResult {
        @Override
        public boolean equals(Object o) {
            return o instanceof EndOfStream e && Arrays.equals(e.partial, partial);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(partial);
        }

        @Override
        public String toString() {
            return "EndOfStream[" + partial.length + " octets]";
        }
    }
}

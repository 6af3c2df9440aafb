package org.postern.protocols.sasl;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding of SASL fields (RFC 4616 section 2, RFC 3629). */
final class SaslText {

    private SaslText() {
    }

    static String utf8(byte[] b, int from, int to, String field) throws SaslFormatException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new SaslFormatException(SaslFormatException.Reason.MALFORMED_UTF8, field + " is not UTF-8");
        }
    }

    static void checkLength(int length, int max, String field) throws SaslFormatException {
        if (length > max) {
            throw new SaslFormatException(SaslFormatException.Reason.TOO_LONG, field + " longer than " + max + " octets");
        }
    }
}

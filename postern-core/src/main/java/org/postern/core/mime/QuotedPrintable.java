package org.postern.core.mime;

import java.io.ByteArrayOutputStream;

/**
 * Quoted-printable (RFC 2045 section 6.7) decoded leniently: a malformed escape stays as it is.
 * One decoder for a body's Content-Transfer-Encoding and for the Q encoding of an RFC 2047
 * encoded-word (whose {@code _} the caller turns into a space first).
 */
public final class QuotedPrintable {

    private QuotedPrintable() {
    }

    public static byte[] decode(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            byte b = in[i];
            if (b == '=' && i + 1 < in.length) {
                if (in[i + 1] == '\r' && i + 2 < in.length && in[i + 2] == '\n') {
                    i += 2;
                    continue;
                }
                if (in[i + 1] == '\n') {
                    i += 1;
                    continue;
                }
                if (i + 2 < in.length) {
                    int hi = Character.digit(in[i + 1], 16);
                    int lo = Character.digit(in[i + 2], 16);
                    if (hi >= 0 && lo >= 0) {
                        out.write(hi * 16 + lo);
                        i += 2;
                        continue;
                    }
                }
            }
            out.write(b);
        }
        return out.toByteArray();
    }
}

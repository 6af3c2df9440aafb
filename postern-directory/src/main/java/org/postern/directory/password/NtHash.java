package org.postern.directory.password;

import java.util.Arrays;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The NT hash of a password, {@code MD4(UTF-16LE(password))} (MS-NLMP section 3.3.1,
 * NTOWFv1), which NTLM needs in place of the password. It is a password equivalent: it is
 * stored only while NTLM is enabled.
 */
public final class NtHash {

    /** Length of an NT hash in bytes. */
    public static final int LENGTH = 16;

    private NtHash() {
    }

    /** Computes the NT hash; the caller keeps (and may wipe) the password. */
    public static byte[] of(char[] password) {
        byte[] bytes = PasswordBytes.utf16le(password);
        try {
            MD4Digest md4 = new MD4Digest();
            md4.update(bytes, 0, bytes.length);
            byte[] out = new byte[LENGTH];
            md4.doFinal(out, 0);
            return out;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}

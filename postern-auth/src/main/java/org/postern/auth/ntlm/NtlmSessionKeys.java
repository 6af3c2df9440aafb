package org.postern.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.postern.protocols.ntlm.NegotiateFlags;

/**
 * The session keys of an NTLMv2 authentication (MS-NLMP sections 3.1.5.1.2, 3.4.5): the
 * KeyExchangeKey (for NTLMv2, the SessionBaseKey), the ExportedSessionKey (decrypted from the
 * client's EncryptedRandomSessionKey with RC4 when KEY_EXCH was negotiated), the MIC over the
 * three messages, and the client's and server's signing and sealing keys.
 *
 * <p>SASL NTLM over TLS installs no security layer, so the signing and sealing keys sign and
 * seal nothing; they are derived so the exchange follows the spec whole, and the MIC (which
 * needs the ExportedSessionKey) is checked.
 */
public record NtlmSessionKeys(byte[] exportedSessionKey, int flags) {

    private static final String CLIENT_SIGNING = "session key to client-to-server signing key magic constant\0";
    private static final String SERVER_SIGNING = "session key to server-to-client signing key magic constant\0";
    private static final String CLIENT_SEALING = "session key to client-to-server sealing key magic constant\0";
    private static final String SERVER_SEALING = "session key to server-to-client sealing key magic constant\0";

    public NtlmSessionKeys {
        exportedSessionKey = exportedSessionKey.clone();
    }

    /**
     * From the SessionBaseKey (= KeyExchangeKey for NTLMv2) and the AUTHENTICATE message's
     * flags and EncryptedRandomSessionKey (section 3.2.5.1.2, server side).
     *
     * @throws IllegalArgumentException when KEY_EXCH is set but the encrypted key is not 16 bytes
     */
    public static NtlmSessionKeys derive(byte[] sessionBaseKey, int flags, byte[] encryptedRandomSessionKey) {
        byte[] keyExchangeKey = sessionBaseKey.clone();
        if (!NegotiateFlags.has(flags, NegotiateFlags.KEY_EXCH)) {
            return new NtlmSessionKeys(keyExchangeKey, flags);
        }
        if (encryptedRandomSessionKey.length != 16) {
            throw new IllegalArgumentException("KEY_EXCH with an EncryptedRandomSessionKey of "
                    + encryptedRandomSessionKey.length + " bytes");
        }
        return new NtlmSessionKeys(rc4(keyExchangeKey, encryptedRandomSessionKey), flags);
    }

    @Override
    public byte[] exportedSessionKey() {
        return exportedSessionKey.clone();
    }

    /** MIC = HMAC_MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with a zero MIC). */
    public byte[] mic(byte[] negotiate, byte[] challenge, byte[] authenticateWithMicZeroed) {
        return NtlmV2Proof.hmacMd5(exportedSessionKey, negotiate, challenge, authenticateWithMicZeroed);
    }

    /** SIGNKEY (section 3.4.5.2), with extended session security. */
    public byte[] signingKey(boolean clientToServer) {
        return md5(exportedSessionKey, (clientToServer ? CLIENT_SIGNING : SERVER_SIGNING).getBytes(StandardCharsets.US_ASCII));
    }

    /** SEALKEY (section 3.4.5.3), with extended session security: 128, 56 or 40 bits of the key, then MD5 with the constant. */
    public byte[] sealingKey(boolean clientToServer) {
        int length = NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_128) ? 16
                : NegotiateFlags.has(flags, NegotiateFlags.NEGOTIATE_56) ? 7 : 5;
        return md5(Arrays.copyOf(exportedSessionKey, length),
                (clientToServer ? CLIENT_SEALING : SERVER_SEALING).getBytes(StandardCharsets.US_ASCII));
    }

    /** RC4K (section 6): RC4 with a 16-byte key, used to encrypt or decrypt the random session key. */
    public static byte[] rc4(byte[] key, byte[] data) {
        try {
            Cipher rc4 = Cipher.getInstance("ARCFOUR");
            rc4.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
            return rc4.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RC4 (ARCFOUR) is part of every JDK", e);
        }
    }

    private static byte[] md5(byte[] a, byte[] b) {
        try {
            MessageDigest md5 = MessageDigest.getInstance("MD5");
            md5.update(a);
            md5.update(b);
            return md5.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NtlmSessionKeys k && k.flags == flags && MessageDigest.isEqual(k.exportedSessionKey, exportedSessionKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(exportedSessionKey) * 31 + flags;
    }

    @Override
    public String toString() {
        return "NtlmSessionKeys[flags=" + NegotiateFlags.describe(flags) + "]";
    }
}

package org.postern.auth.ntlm;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NTLMv2 computations of MS-NLMP section 3.3.2, from the NT hash the directory keeps
 * (NTOWFv1, section 3.3.1) rather than the password:
 * <pre>
 *   ResponseKeyNT  = NTOWFv2 = HMAC_MD5(NT hash, UTF-16LE(Uppercase(User) || UserDom))
 *   NTProofStr     = HMAC_MD5(ResponseKeyNT, ServerChallenge || client blob)
 *   SessionBaseKey = HMAC_MD5(ResponseKeyNT, NTProofStr)
 * </pre>
 * The LMv2 response (HMAC over the same key) is not computed: LM responses are never accepted.
 */
public final class NtlmV2Proof {

    private NtlmV2Proof() {
    }

    /** NTOWFv2: the user name upper-cased, the domain as sent. */
    public static byte[] responseKeyNt(byte[] ntHash, String user, String domain) {
        return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
    }

    public static byte[] ntProofStr(byte[] responseKeyNt, byte[] serverChallenge, byte[] clientBlob) {
        return hmacMd5(responseKeyNt, concat(serverChallenge, clientBlob));
    }

    public static byte[] sessionBaseKey(byte[] responseKeyNt, byte[] ntProofStr) {
        return hmacMd5(responseKeyNt, ntProofStr);
    }

    static byte[] hmacMd5(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacMD5");
            mac.init(new SecretKeySpec(key, "HmacMD5"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-MD5 is part of every JDK", e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

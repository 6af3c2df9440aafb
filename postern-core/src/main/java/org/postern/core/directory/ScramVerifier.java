package org.postern.core.directory;

import com.ongres.saslprep.SASLprep;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a server keeps to check SCRAM-SHA-256 (RFC 5802 section 3, RFC 7677) without the
 * password: the salt, the iteration count, {@code StoredKey = H(HMAC(SaltedPassword, "Client Key"))}
 * and {@code ServerKey = HMAC(SaltedPassword, "Server Key")}, where
 * {@code SaltedPassword = Hi(SASLprep(password), salt, i)} (PBKDF2 with HMAC-SHA-256). Its text
 * form is RFC 5803's {@code SCRAM-SHA-256$<i>:<salt>$<StoredKey>:<ServerKey>} (base64), as
 * Dovecot and OpenLDAP keep it. The arrays are copied in and out.
 *
 * @param salt       the random salt, at least {@value #MIN_SALT} octets
 * @param iterations Hi's iteration count, at least {@value #MIN_ITERATIONS} (RFC 7677 section 4)
 * @param storedKey  H(ClientKey), 32 octets
 * @param serverKey  HMAC(SaltedPassword, "Server Key"), 32 octets
 */
public record ScramVerifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {

    /** The mechanism's name (RFC 7677 section 3). */
    public static final String MECHANISM = "SCRAM-SHA-256";
    /** RFC 7677 section 4: the iteration count SHOULD be at least 4096. */
    public static final int MIN_ITERATIONS = 4096;
    /**
     * The default iteration count: the stored verifier can be attacked offline at PBKDF2's speed,
     * so well above the RFC's minimum; a client pays it once per sign-in (GNU SASL's default too).
     */
    public static final int DEFAULT_ITERATIONS = 65_536;
    /** The length of a fresh salt, in octets. */
    public static final int SALT_LENGTH = 16;
    /** The shortest salt accepted from storage. */
    public static final int MIN_SALT = 8;
    /** Length of SHA-256 and HMAC-SHA-256 outputs. */
    public static final int KEY_LENGTH = 32;

    private static final String HMAC = "HmacSHA256";
    private static final SecureRandom RANDOM = new SecureRandom();

    public ScramVerifier {
        Objects.requireNonNull(salt, "salt");
        Objects.requireNonNull(storedKey, "storedKey");
        Objects.requireNonNull(serverKey, "serverKey");
        if (salt.length < MIN_SALT || iterations < MIN_ITERATIONS
                || storedKey.length != KEY_LENGTH || serverKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        salt = salt.clone();
        storedKey = storedKey.clone();
        serverKey = serverKey.clone();
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] storedKey() {
        return storedKey.clone();
    }

    @Override
    public byte[] serverKey() {
        return serverKey.clone();
    }

    /**
     * The verifier of a password with a fresh random salt. The caller keeps (and may wipe) the
     * password.
     *
     * @throws IllegalArgumentException when SASLprep (RFC 4013) prohibits the password (a
     *                                  control or unassigned character, or bad bidi)
     */
    public static ScramVerifier of(char[] password, int iterations) {
        byte[] salt = new byte[SALT_LENGTH];
        RANDOM.nextBytes(salt);
        return derive(password, salt, iterations);
    }

    /** The verifier of a password with this salt; see {@link #of}. */
    public static ScramVerifier derive(char[] password, byte[] salt, int iterations) {
        char[] prepared = new SASLprep().prepareStored(password);
        byte[] utf8 = utf8(prepared);
        Arrays.fill(prepared, '\0');
        byte[] salted = null;
        byte[] clientKey = null;
        try {
            salted = hi(utf8, salt, iterations);
            clientKey = hmac(salted, "Client Key".getBytes(StandardCharsets.US_ASCII));
            return new ScramVerifier(salt, iterations, sha256(clientKey), hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII)));
        } finally {
            Arrays.fill(utf8, (byte) 0);
            wipe(salted);
            wipe(clientKey);
        }
    }

    /** RFC 5803 section 3's text form: {@code SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>}. */
    public String text() {
        Base64.Encoder b64 = Base64.getEncoder();
        return MECHANISM + "$" + iterations + ":" + b64.encodeToString(salt) + "$"
                + b64.encodeToString(storedKey) + ":" + b64.encodeToString(serverKey);
    }

    /**
     * Reads {@link #text()}'s form.
     *
     * @throws IllegalArgumentException when it is not a SCRAM-SHA-256 verifier
     */
    public static ScramVerifier parse(String text) {
        String[] parts = text.split("\\$", -1);
        if (parts.length != 3 || !parts[0].equals(MECHANISM)) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        String[] countAndSalt = parts[1].split(":", -1);
        String[] keys = parts[2].split(":", -1);
        if (countAndSalt.length != 2 || keys.length != 2) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier");
        }
        Base64.Decoder b64 = Base64.getDecoder();
        return new ScramVerifier(b64.decode(countAndSalt[1]), Integer.parseInt(countAndSalt[0]),
                b64.decode(keys[0]), b64.decode(keys[1]));
    }

    /** HMAC-SHA-256 (RFC 2104) of {@code data} under {@code key}. */
    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 not available", e);
        }
    }

    /** SHA-256, the mechanism's H(). */
    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 not available", e);
        }
    }

    /** Hi(str, salt, i) of RFC 5802 section 2.2: PBKDF2 (RFC 8018) with HMAC-SHA-256, one block. */
    static byte[] hi(byte[] str, byte[] salt, int iterations) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(str, HMAC));
            mac.update(salt);
            byte[] u = mac.doFinal(new byte[] {0, 0, 0, 1});
            byte[] result = u.clone();
            for (int n = 1; n < iterations; n++) {
                u = mac.doFinal(u);
                for (int k = 0; k < result.length; k++) {
                    result[k] ^= u[k];
                }
            }
            Arrays.fill(u, (byte) 0);
            return result;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 not available", e);
        }
    }

    private static byte[] utf8(char[] chars) {
        ByteBuffer buffer;
        try {
            buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(chars));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("password is not valid Unicode");
        }
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        if (buffer.hasArray()) {
            Arrays.fill(buffer.array(), (byte) 0);
        }
        return bytes;
    }

    private static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}

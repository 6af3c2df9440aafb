package org.postern.directory.password;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Hashes and verifies passwords with Argon2id (RFC 9106), kept as PHC strings.
 *
 * <p>Verification reads the cost from the stored string, so hashes made with older settings
 * still verify; {@link #needsRehash} tells when one should be replaced. The number of hashes
 * computed at once is bounded (each takes {@code m} KiB of memory), so a burst of logins
 * waits instead of exhausting the heap. {@link #verifyNothing} does the work of a verification
 * against nothing, so an unknown login takes as long as a known one.
 */
public final class PasswordHasher {

    /** Salt length in bytes (RFC 9106 recommends 16). */
    public static final int SALT_LENGTH = 16;
    /** Hash length in bytes (RFC 9106 recommends 32). */
    public static final int HASH_LENGTH = 32;

    private final Argon2Settings settings;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore permits;
    private final PhcString decoy;

    /**
     * @param settings    the cost of new hashes
     * @param maxParallel how many hashes may be computed at once
     */
    public PasswordHasher(Argon2Settings settings, int maxParallel) {
        this.settings = settings;
        this.permits = new Semaphore(Math.max(1, maxParallel), true);
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        this.decoy = new PhcString(settings, salt, new byte[HASH_LENGTH]);
    }

    /** A hasher with the given cost and one hash at a time per processor. */
    public PasswordHasher(Argon2Settings settings) {
        this(settings, Runtime.getRuntime().availableProcessors());
    }

    public Argon2Settings settings() {
        return settings;
    }

    /** Hashes a password with a fresh salt; returns the PHC string. The caller keeps the password. */
    public String hash(char[] password) {
        byte[] salt = new byte[SALT_LENGTH];
        random.nextBytes(salt);
        byte[] secret = PasswordBytes.utf8(password);
        try {
            return new PhcString(settings, salt, derive(secret, settings, salt)).format();
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /**
     * Whether the password matches the stored PHC string, compared in constant time.
     * A stored value that is not a valid PHC string never matches (and still costs a verification).
     */
    public boolean verify(char[] password, String stored) {
        PhcString phc;
        try {
            phc = PhcString.parse(stored);
        } catch (IllegalArgumentException e) {
            verifyNothing(password);
            return false;
        }
        return matches(password, phc);
    }

    /** Does the work of one verification with the current settings and throws the answer away. */
    public void verifyNothing(char[] password) {
        matches(password, decoy);
    }

    private boolean matches(char[] password, PhcString phc) {
        byte[] secret;
        boolean encodable = true;
        try {
            secret = PasswordBytes.utf8(password);
        } catch (IllegalArgumentException e) {
            secret = new byte[0];
            encodable = false;
        }
        byte[] actual = derive(secret, phc.settings(), phc.salt());
        try {
            return org.bouncycastle.util.Arrays.constantTimeAreEqual(actual, phc.hash()) & encodable;
        } finally {
            Arrays.fill(actual, (byte) 0);
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Whether a stored hash was made with other settings than the current ones (or cannot be read). */
    public boolean needsRehash(String stored) {
        try {
            return !PhcString.parse(stored).settings().equals(settings);
        } catch (IllegalArgumentException e) {
            return true;
        }
    }

    private byte[] derive(byte[] secret, Argon2Settings cost, byte[] salt) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKiB())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        byte[] out = new byte[HASH_LENGTH];
        permits.acquireUninterruptibly();
        try {
            Argon2BytesGenerator generator = new Argon2BytesGenerator();
            generator.init(parameters);
            generator.generateBytes(secret, out);
            return out;
        } finally {
            permits.release();
        }
    }
}

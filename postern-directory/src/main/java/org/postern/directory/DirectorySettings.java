package org.postern.directory;

import java.util.Objects;
import org.postern.core.directory.ScramVerifier;
import org.postern.directory.password.Argon2Settings;

/**
 * How the embedded directory keeps credentials; the server takes these from its configuration,
 * and the command line must pass the same ones (opening with NTLM off erases the NT hashes).
 *
 * @param ntlmEnabled     whether NT hashes are computed and kept for NTLM; when false none is
 *                        stored, and those stored before are erased when the directory opens
 * @param argon2          the cost of new password hashes
 * @param scramIterations the iteration count of new SCRAM-SHA-256 verifiers (RFC 7677 section 4:
 *                        at least {@value ScramVerifier#MIN_ITERATIONS}); a verifier with fewer is
 *                        replaced at the user's next sign-in with the password
 */
public record DirectorySettings(boolean ntlmEnabled, Argon2Settings argon2, int scramIterations) {

    /** NTLM off, OWASP's Argon2id minimum, {@value ScramVerifier#DEFAULT_ITERATIONS} SCRAM iterations. */
    public static final DirectorySettings DEFAULTS = new DirectorySettings(false, Argon2Settings.DEFAULTS);

    public DirectorySettings {
        Objects.requireNonNull(argon2, "argon2");
        if (scramIterations < ScramVerifier.MIN_ITERATIONS) {
            throw new IllegalArgumentException("SCRAM iteration count below RFC 7677's minimum of "
                    + ScramVerifier.MIN_ITERATIONS + ": " + scramIterations);
        }
    }

    /** With the default SCRAM iteration count. */
    public DirectorySettings(boolean ntlmEnabled, Argon2Settings argon2) {
        this(ntlmEnabled, argon2, ScramVerifier.DEFAULT_ITERATIONS);
    }

    /** These settings with NTLM turned on or off. */
    public DirectorySettings withNtlm(boolean enabled) {
        return new DirectorySettings(enabled, argon2, scramIterations);
    }

    /** These settings with another SCRAM iteration count. */
    public DirectorySettings withScramIterations(int iterations) {
        return new DirectorySettings(ntlmEnabled, argon2, iterations);
    }
}

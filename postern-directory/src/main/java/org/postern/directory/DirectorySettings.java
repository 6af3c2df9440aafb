package org.postern.directory;

import java.util.Objects;
import org.postern.directory.password.Argon2Settings;

/**
 * How the embedded directory keeps credentials; the server takes these from its configuration,
 * and the command line must pass the same ones (opening with NTLM off erases the NT hashes).
 *
 * @param ntlmEnabled whether NT hashes are computed and kept for NTLM; when false none is
 *                    stored, and those stored before are erased when the directory opens
 * @param argon2      the cost of new password hashes
 */
public record DirectorySettings(boolean ntlmEnabled, Argon2Settings argon2) {

    /** NTLM off, OWASP's Argon2id minimum. */
    public static final DirectorySettings DEFAULTS = new DirectorySettings(false, Argon2Settings.DEFAULTS);

    public DirectorySettings {
        Objects.requireNonNull(argon2, "argon2");
    }

    /** These settings with NTLM turned on or off. */
    public DirectorySettings withNtlm(boolean enabled) {
        return new DirectorySettings(enabled, argon2);
    }
}

package org.postern.core.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;
import org.postern.core.directory.ScramVerifier;

/**
 * The directory of domains, users, aliases and groups.
 *
 * @param ntlm   whether NTLM authentication is offered; it needs each user's NT hash kept, so
 *               that hash is stored only while this is on
 * @param ldap   an external LDAP directory to read users, aliases and groups from instead of the
 *               embedded one; null for the embedded directory
 * @param argon2 the cost of new password hashes (Argon2id, RFC 9106); each setting left out keeps
 *               OWASP's minimum (19,456 KiB, 2 passes, 1 lane). A hash made with other settings is
 *               replaced at the user's next sign-in.
 * @param scramIterations the iteration count of new SCRAM-SHA-256 verifiers (RFC 7677: at least
 *               4096); null keeps the default, 65,536. A verifier with fewer is replaced at the
 *               user's next sign-in with the password.
 */
public record DirectoryConfig(@JsonProperty("ntlm") boolean ntlm, @JsonProperty("ldap") ExternalLdapConfig ldap,
                              @JsonProperty("argon2") Argon2 argon2,
                              @JsonProperty("scram_iterations") Integer scramIterations) {

    /** Argon2id's memory in KiB ({@code m}), passes ({@code t}) and lanes ({@code p}); null keeps the default. */
    public record Argon2(@JsonProperty("memory_kib") Integer memoryKiB, @JsonProperty("iterations") Integer iterations,
                         @JsonProperty("parallelism") Integer parallelism) {
    }

    public DirectoryConfig {
        argon2 = argon2 == null ? new Argon2(null, null, null) : argon2;
        if (scramIterations != null && scramIterations < ScramVerifier.MIN_ITERATIONS) {
            throw new IllegalArgumentException("directory.scram_iterations must be at least " + ScramVerifier.MIN_ITERATIONS
                    + " (RFC 7677): " + scramIterations);
        }
    }

    public DirectoryConfig(boolean ntlm, ExternalLdapConfig ldap, Argon2 argon2) {
        this(ntlm, ldap, argon2, null);
    }

    public static DirectoryConfig defaults() {
        return new DirectoryConfig(false, null, null, null);
    }

    public Optional<ExternalLdapConfig> external() {
        return Optional.ofNullable(ldap);
    }
}

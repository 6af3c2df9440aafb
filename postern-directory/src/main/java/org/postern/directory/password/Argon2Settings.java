package org.postern.directory.password;

/**
 * The cost of the Argon2id password hash (RFC 9106): memory in KiB, passes over it, and lanes.
 * New hashes use the configured settings; a stored hash keeps the settings it was made with
 * (they are part of its PHC string), so the defaults can be raised without locking anyone out.
 *
 * @param memoryKiB   memory per hash in KiB ({@code m})
 * @param iterations  passes over the memory ({@code t})
 * @param parallelism lanes ({@code p})
 */
public record Argon2Settings(int memoryKiB, int iterations, int parallelism) {

    /** OWASP's minimum recommendation for Argon2id: m=19456 KiB (19 MiB), t=2, p=1. */
    public static final Argon2Settings DEFAULTS = new Argon2Settings(19_456, 2, 1);

    /** Highest memory accepted, in a setting or in a stored hash (4 GiB), so a bad value cannot exhaust the heap at once. */
    public static final int MAX_MEMORY_KIB = 4 * 1024 * 1024;
    /** Highest pass count accepted. */
    public static final int MAX_ITERATIONS = 100;
    /** Highest lane count accepted. */
    public static final int MAX_PARALLELISM = 64;

    public Argon2Settings {
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new IllegalArgumentException("argon2 parallelism must be between 1 and " + MAX_PARALLELISM + ": " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("argon2 iterations must be between 1 and " + MAX_ITERATIONS + ": " + iterations);
        }
        if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
            throw new IllegalArgumentException("argon2 memory must be between " + 8 * parallelism + " and " + MAX_MEMORY_KIB + " KiB: " + memoryKiB);
        }
    }
}

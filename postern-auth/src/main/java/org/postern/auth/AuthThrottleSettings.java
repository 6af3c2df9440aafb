package org.postern.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * The limits of {@link AuthThrottle}, shared by every protocol. Failures are counted in three
 * tables: per (account, source), per source (any account) and per account (any source). Each
 * count decays by half every {@link #halfLife()}, so a failure long ago weighs little.
 *
 * <p>After its free failures, each further failure in a table waits before its answer:
 * {@code firstDelay}, then twice that, and so on up to {@code maxDelay}; the longest wait of the
 * three tables applies. A correct password is never delayed. Reaching a lockout count refuses
 * every attempt from that source (for that account, or for any account) with
 * {@link AuthFailure#THROTTLED} for {@code coolDown}, without checking the password. The
 * per-account table only slows failures down and never refuses, so an attacker who knows a
 * login cannot lock its owner out from elsewhere.
 *
 * @param freeFailures          per (account, source): failures answered without delay (default 2)
 * @param lockoutFailures       per (account, source): failures that start a cool-down (default 10)
 * @param sourceFreeFailures    per source, any account: failures answered without delay (default 5)
 * @param sourceLockoutFailures per source, any account: failures that start a cool-down (default 30;
 *                              several people behind one NAT address share it)
 * @param accountFreeFailures   per account, any source: failures answered without delay (default 20);
 *                              this table never refuses
 * @param firstDelay            the first delay (default 1 s)
 * @param maxDelay              the longest delay (default 15 s)
 * @param coolDown              how long a lockout lasts (default 15 min)
 * @param halfLife              how fast counts decay (default 10 min)
 * @param maxEntries            bound of each table; the least recently used entry goes first (default 50,000)
 * @param ipv6PrefixLength      IPv6 sources are counted per prefix of this length, since one
 *                              client has a whole /64 to choose from (default 64)
 */
public record AuthThrottleSettings(
        int freeFailures,
        int lockoutFailures,
        int sourceFreeFailures,
        int sourceLockoutFailures,
        int accountFreeFailures,
        Duration firstDelay,
        Duration maxDelay,
        Duration coolDown,
        Duration halfLife,
        int maxEntries,
        int ipv6PrefixLength) {

    public static final AuthThrottleSettings DEFAULTS = new AuthThrottleSettings(
            2, 10, 5, 30, 20,
            Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMinutes(15), Duration.ofMinutes(10),
            50_000, 64);

    public AuthThrottleSettings {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(coolDown, "coolDown");
        Objects.requireNonNull(halfLife, "halfLife");
        if (freeFailures < 0 || sourceFreeFailures < 0 || accountFreeFailures < 0) {
            throw new IllegalArgumentException("free failures must not be negative");
        }
        if (lockoutFailures <= freeFailures || sourceLockoutFailures <= sourceFreeFailures) {
            throw new IllegalArgumentException("a lockout count must be above its free failures");
        }
        if (firstDelay.isNegative() || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("delays must satisfy 0 <= firstDelay <= maxDelay");
        }
        if (coolDown.isNegative() || !halfLife.isPositive()) {
            throw new IllegalArgumentException("coolDown must not be negative and halfLife must be positive");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1");
        }
        if (ipv6PrefixLength < 1 || ipv6PrefixLength > 128) {
            throw new IllegalArgumentException("ipv6PrefixLength must be 1 to 128");
        }
    }
}

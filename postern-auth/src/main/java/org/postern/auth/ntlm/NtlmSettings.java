package org.postern.auth.ntlm;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of SASL NTLM.
 *
 * @param maxClockSkew how far the client's NTLMv2 time stamp may lie from the server's clock,
 *                     either way (5 minutes, Kerberos's default skew; Windows allows up to 36
 *                     hours, which is a long replay window)
 * @param replayEntries how many server challenges and NTProofStr values the replay guard keeps
 */
public record NtlmSettings(Duration maxClockSkew, int replayEntries) {

    public static final NtlmSettings DEFAULTS = new NtlmSettings(Duration.ofMinutes(5), 100_000);

    public NtlmSettings {
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative() || replayEntries < 1) {
            throw new IllegalArgumentException("a clock skew of zero or more, and room for one entry at least");
        }
    }
}

package org.postern.auth.ntlm;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Replay protection for NTLM (MS-NLMP section 3.2.5.1.2 leaves it to the server): every server
 * challenge is fresh random bytes never handed out twice within the window, and an NTProofStr
 * that has once signed a client in is never accepted again within the window. Since each
 * exchange uses its own challenge once, a captured AUTHENTICATE message fails in any other
 * exchange; this guard makes that a rule the server keeps rather than a property of chance.
 *
 * <p>Bounded: at most {@code maxEntries} challenges and as many proofs, the eldest dropped
 * first; entries older than the window are dropped as new ones come. One lock, never held
 * while anything slow runs.
 */
final class NtlmReplayGuard {

    private final Duration window;
    private final Clock clock;
    private final int maxEntries;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Instant> challenges = new LinkedHashMap<>();
    private final Map<String, Instant> proofs = new LinkedHashMap<>();

    NtlmReplayGuard(Duration window, Clock clock, int maxEntries) {
        this.window = window;
        this.clock = clock;
        this.maxEntries = maxEntries;
    }

    /** Eight random bytes not handed out within the window. */
    byte[] newChallenge() {
        byte[] challenge = new byte[8];
        while (true) {
            random.nextBytes(challenge);
            if (firstUse(challenges, challenge)) {
                return challenge;
            }
        }
    }

    /** Whether this NTProofStr already signed a client in within the window (nothing is recorded). */
    boolean used(byte[] ntProofStr) {
        lock.lock();
        try {
            expire(proofs, clock.instant());
            return proofs.containsKey(HexFormat.of().formatHex(ntProofStr));
        } finally {
            lock.unlock();
        }
    }

    /** Records a proof that verified; false when it was recorded before (a replay). */
    boolean firstUse(byte[] ntProofStr) {
        return firstUse(proofs, ntProofStr);
    }

    private boolean firstUse(Map<String, Instant> seen, byte[] value) {
        String key = HexFormat.of().formatHex(value);
        Instant now = clock.instant();
        lock.lock();
        try {
            expire(seen, now);
            if (seen.containsKey(key)) {
                return false;
            }
            if (seen.size() >= maxEntries) {
                Iterator<String> eldest = seen.keySet().iterator();
                eldest.next();
                eldest.remove();
            }
            seen.put(key, now);
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void expire(Map<String, Instant> seen, Instant now) {
        Instant oldest = now.minus(window);
        Iterator<Instant> it = seen.values().iterator();
        while (it.hasNext() && it.next().isBefore(oldest)) {
            it.remove();
        }
    }
}

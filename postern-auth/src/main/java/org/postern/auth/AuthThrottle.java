package org.postern.auth;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one throttle on failed authentication, shared by every protocol and mechanism (issue
 * "Authentication and directory", section Abuse). Failures are counted per (account, source),
 * per source and per account, with the limits of {@link AuthThrottleSettings}:
 * <ul>
 *   <li>after a few failures each further failure waits, growing to a cap, before its answer
 *       (on the caller's virtual thread; a correct password never waits);</li>
 *   <li>too many failures for one account from one source, or from one source for any accounts,
 *       refuse every attempt from that source (for that account, or at all) for a cool-down,
 *       without checking the password;</li>
 *   <li>failures for one account from anywhere only slow failures down: a user signing in from
 *       an address with no recent failures is never refused because of an attacker elsewhere.</li>
 * </ul>
 * Counts decay exponentially from the moment each failure was answered: the throttle's own
 * delay is not quiet time, so a client that waits out each delay still reaches the lockout
 * count exactly; a cool-down too starts when the answer goes out. Each table is bounded and drops its least recently used entry
 * first, so spraying addresses or logins cannot exhaust memory. IPv6 sources count per prefix
 * ({@link AuthThrottleSettings#ipv6PrefixLength()}).
 *
 * <p>Use: {@link #allows} before checking credentials; then {@link #failure} or {@link #success}.
 * Thread-safe; the lock is never held while sleeping.
 */
public final class AuthThrottle {

    /** Waits on the calling thread; tests pass one that only advances their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(AuthThrottle.class);

    /** Logins longer than this are keyed by their digest, so a table entry stays small. */
    private static final int MAX_ACCOUNT_KEY = 320;

    private final AuthThrottleSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;
    private final double halfLifeMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private final Table<PairKey> pairs;
    private final Table<String> sources;
    private final Table<String> accounts;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final AtomicLong lockouts = new AtomicLong();

    /** A throttle on the system clock that really sleeps. */
    public AuthThrottle(AuthThrottleSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** A throttle on the given clock that really sleeps. */
    public AuthThrottle(AuthThrottleSettings settings, Clock clock) {
        this(settings, clock, Thread::sleep);
    }

    /** A throttle on the given clock and sleeper (tests: a sleeper that moves the clock). */
    public AuthThrottle(AuthThrottleSettings settings, Clock clock, Sleeper sleeper) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.halfLifeMillis = settings.halfLife().toMillis();
        this.pairs = new Table<>(settings.maxEntries());
        this.sources = new Table<>(settings.maxEntries());
        this.accounts = new Table<>(settings.maxEntries());
    }

    public AuthThrottleSettings settings() {
        return settings;
    }

    /**
     * Whether an attempt for this account from this source may be checked now; false while the
     * (account, source) pair or the source is cooling down (counted as throttled).
     */
    public boolean allows(String account, InetAddress source, String protocol) {
        PairKey pair = new PairKey(accountKey(account), sourceKey(source));
        long now = clock.millis();
        boolean blocked;
        lock.lock();
        try {
            blocked = pairs.isBlocked(pair, now) || sources.isBlocked(pair.source(), now);
        } finally {
            lock.unlock();
        }
        if (blocked) {
            throttled.incrementAndGet();
            log.debug("authentication refused, cooling down: protocol={} source={} account={}",
                    protocol, source.getHostAddress(), LogText.printable(account));
        }
        return !blocked;
    }

    /**
     * Counts a failure, starts a cool-down when a lockout count is reached, and waits the delay
     * the counts call for before returning. An interrupt ends the wait early (and stays set).
     *
     * @return the delay asked for
     */
    public Duration failure(String account, InetAddress source, String protocol) {
        PairKey pair = new PairKey(accountKey(account), sourceKey(source));
        long now = clock.millis();
        long pairCount;
        long sourceCount;
        long accountCount;
        Duration delay;
        boolean pairLocked;
        boolean sourceLocked;
        lock.lock();
        try {
            Counter p = pairs.add(pair, now);
            Counter s = sources.add(pair.source(), now);
            Counter a = accounts.add(pair.account(), now);
            pairCount = Math.round(p.score);
            sourceCount = Math.round(s.score);
            accountCount = Math.round(a.score);
            delay = max(delay(pairCount, settings.freeFailures()),
                    max(delay(sourceCount, settings.sourceFreeFailures()), delay(accountCount, settings.accountFreeFailures())));
            // The client hears the answer after the delay: the wait is not quiet time, and a
            // cool-down starts when the answer goes out.
            long answered = now + delay.toMillis();
            p.touch(answered);
            s.touch(answered);
            a.touch(answered);
            pairLocked = pairCount >= settings.lockoutFailures() && p.startCoolDown(answered, settings.coolDown());
            sourceLocked = sourceCount >= settings.sourceLockoutFailures() && s.startCoolDown(answered, settings.coolDown());
        } finally {
            lock.unlock();
        }
        failures.incrementAndGet();
        log.info("authentication failed: protocol={} source={} account={} failures={}/{}/{} (pair/source/account) delay={}ms",
                protocol, source.getHostAddress(), LogText.printable(account), pairCount, sourceCount, accountCount, delay.toMillis());
        if (pairLocked) {
            lockouts.incrementAndGet();
            log.warn("authentication cool-down for account={} from source={}: {} recent failures, refused for {}",
                    LogText.printable(account), pair.source(), pairCount, settings.coolDown());
        }
        if (sourceLocked) {
            lockouts.incrementAndGet();
            log.warn("authentication cool-down for source={}: {} recent failures, refused for {}",
                    pair.source(), sourceCount, settings.coolDown());
        }
        if (delay.isPositive()) {
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return delay;
    }

    /** A correct password: forgets the failures of this account from this source. */
    public void success(String account, InetAddress source) {
        PairKey pair = new PairKey(accountKey(account), sourceKey(source));
        lock.lock();
        try {
            pairs.map.remove(pair);
        } finally {
            lock.unlock();
        }
    }

    /** Failures counted since start. */
    public long failures() {
        return failures.get();
    }

    /** Attempts refused during a cool-down since start. */
    public long throttled() {
        return throttled.get();
    }

    /** Cool-downs started since start. */
    public long lockouts() {
        return lockouts.get();
    }

    /** Entries held in all tables together (at most three times {@code maxEntries}). */
    public int trackedEntries() {
        lock.lock();
        try {
            return pairs.map.size() + sources.map.size() + accounts.map.size();
        } finally {
            lock.unlock();
        }
    }

    private Duration delay(long count, int free) {
        if (count <= free) {
            return Duration.ZERO;
        }
        long doublings = Math.min(count - free - 1, 30);
        Duration d = settings.firstDelay().multipliedBy(1L << doublings);
        return max(Duration.ZERO, d.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : d);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** Logins compare case-insensitively, as the directory compares them. */
    static String accountKey(String account) {
        String key = account.toLowerCase(Locale.ROOT);
        if (key.length() <= MAX_ACCOUNT_KEY) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "sha-256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }

    /** An IPv4 address as it is; an IPv6 address as its prefix, {@code 2001:db8:0:0:0:0:0:0/64}. */
    String sourceKey(InetAddress source) {
        if (!(source instanceof Inet6Address)) {
            return source.getHostAddress();
        }
        byte[] bytes = source.getAddress();
        int prefix = settings.ipv6PrefixLength();
        for (int bit = prefix; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 bytes are an IPv6 address", e);
        }
    }

    private record PairKey(String account, String source) {
    }

    /** A decaying failure count, and the end of its cool-down. Guarded by the throttle's lock. */
    private static final class Counter {
        double score;
        long updated;
        long blockedUntil;

        Counter(long now) {
            updated = now;
        }

        void touch(long at) {
            updated = Math.max(updated, at);
        }

        /** Starts a cool-down unless one is running; true when it started one. */
        boolean startCoolDown(long now, Duration coolDown) {
            if (blockedUntil > now) {
                return false;
            }
            blockedUntil = now + coolDown.toMillis();
            return true;
        }
    }

    /** One table: least recently used first, bounded. Guarded by the throttle's lock. */
    private final class Table<K> {
        final LinkedHashMap<K, Counter> map;

        Table(int maxEntries) {
            this.map = new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<K, Counter> eldest) {
                    return size() > maxEntries;
                }
            };
        }

        boolean isBlocked(K key, long now) {
            Counter c = map.get(key);
            return c != null && c.blockedUntil > now;
        }

        /** Adds one failure to the decayed count; first drops a stale eldest entry or two. */
        Counter add(K key, long now) {
            dropStale(now);
            Counter c = map.computeIfAbsent(key, k -> new Counter(now));
            c.score = decayed(c, now) + 1;
            c.touch(now);
            return c;
        }

        private void dropStale(long now) {
            Iterator<Counter> it = map.values().iterator();
            for (int i = 0; i < 2 && it.hasNext(); i++) {
                Counter c = it.next();
                if (c.blockedUntil <= now && decayed(c, now) < 0.5) {
                    it.remove();
                } else {
                    return;
                }
            }
        }

        private double decayed(Counter c, long now) {
            long elapsed = now - c.updated;
            return elapsed <= 0 ? c.score : c.score * Math.pow(0.5, elapsed / halfLifeMillis);
        }
    }
}

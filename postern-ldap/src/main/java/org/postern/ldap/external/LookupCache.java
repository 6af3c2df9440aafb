package org.postern.ldap.external;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.postern.core.directory.DirectoryUnavailableException;

/**
 * Recent answers of the external directory, so that mail keeps flowing while it does not
 * answer. An answer younger than the time to live is used as it is; an older one is asked
 * again, and kept — stale — when the directory does not answer: a recipient seen in the last
 * hours stays deliverable through an outage. Without any answer the failure goes to the
 * caller, which answers it as temporary. Bounded: the least recently used answers go first.
 * The lock is never held while the directory is asked.
 */
final class LookupCache<K, V> {

    private record Answer<V>(V value, Instant at) {
    }

    private final Duration timeToLive;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<K, Answer<V>> answers;

    LookupCache(Duration timeToLive, int maxEntries, Clock clock) {
        this.timeToLive = timeToLive;
        this.clock = clock;
        this.answers = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, Answer<V>> eldest) {
                return size() > maxEntries;
            }
        };
    }

    V get(K key, Supplier<V> ask) {
        Answer<V> known;
        lock.lock();
        try {
            known = answers.get(key);
        } finally {
            lock.unlock();
        }
        Instant now = clock.instant();
        if (known != null && known.at().plus(timeToLive).isAfter(now)) {
            return known.value();
        }
        V value;
        try {
            value = ask.get();
        } catch (DirectoryUnavailableException e) {
            if (known != null) {
                return known.value();
            }
            throw e;
        }
        lock.lock();
        try {
            answers.put(key, new Answer<>(value, now));
        } finally {
            lock.unlock();
        }
        return value;
    }
}

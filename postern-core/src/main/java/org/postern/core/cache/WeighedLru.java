package org.postern.core.cache;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A map that keeps what was used last, bounded by its number of entries and by the sum of
 * their weights (octets, UIDs: whatever the owner counts); past either bound the least recently
 * used entries go first. A value heavier than the whole bound is not kept. Safe for several
 * threads.
 */
public final class WeighedLru<K, V> {

    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weight;
    private final Map<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long weightKept;

    public WeighedLru(int maxEntries, long maxWeight, ToLongFunction<V> weight) {
        if (maxEntries < 1 || maxWeight < 1) {
            throw new IllegalArgumentException("bounds must be at least 1: " + maxEntries + ", " + maxWeight);
        }
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weight = weight;
    }

    /** The value kept under {@code key} (now the most recently used), or null. */
    public synchronized V get(K key) {
        return entries.get(key);
    }

    /**
     * Keeps {@code value} under {@code key} in place of what was kept there, then drops the least
     * recently used entries past the bounds; a value heavier than the whole bound only drops the
     * key's old value.
     */
    public synchronized void put(K key, V value) {
        V old = entries.remove(key);
        if (old != null) {
            weightKept -= weight.applyAsLong(old);
        }
        long w = weight.applyAsLong(value);
        if (w > maxWeight) {
            return;
        }
        entries.put(key, value);
        weightKept += w;
        Iterator<V> eldest = entries.values().iterator();
        while (entries.size() > maxEntries || weightKept > maxWeight) {
            weightKept -= weight.applyAsLong(eldest.next());
            eldest.remove();
        }
    }

    /** How many entries are kept. */
    public synchronized int size() {
        return entries.size();
    }
}

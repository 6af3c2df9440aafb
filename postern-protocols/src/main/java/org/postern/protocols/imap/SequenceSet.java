package org.postern.protocols.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A sequence-set of RFC 3501 section 9: ranges of message sequence numbers or UIDs, where
 * {@code *} stands for the largest number in use ({@link #STAR}). {@code $} (RFC 5182) is
 * {@link #lastResult()}: the set the last SEARCH saved.
 */
public record SequenceSet(List<Range> ranges, boolean lastResult) {

    /** {@code *}: the largest number in use; resolved against the folder when the set is used. */
    public static final long STAR = -1;

    /** One seq-range: {@code from:to} in either order, or one number when both are equal. */
    public record Range(long from, long to) {
        /** The bounds in ascending order, with {@code *} as {@code max}. */
        public long low(long max) {
            return Math.min(value(from, max), value(to, max));
        }

        public long high(long max) {
            return Math.max(value(from, max), value(to, max));
        }

        private static long value(long v, long max) {
            return v == STAR ? max : v;
        }
    }

    public SequenceSet {
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
    }

    public static SequenceSet of(Range... ranges) {
        return new SequenceSet(List.of(ranges), false);
    }

    /** {@code $}: the saved search result (RFC 5182). */
    public static SequenceSet saved() {
        return new SequenceSet(List.of(), true);
    }

    /** True when {@code n} is in the set, {@code *} being {@code max}. */
    public boolean contains(long n, long max) {
        for (Range r : ranges) {
            if (n >= r.low(max) && n <= r.high(max)) {
                return true;
            }
        }
        return false;
    }

    /** Ranges with {@code *} replaced by {@code max}, in ascending order, low ≤ high. */
    public List<long[]> resolve(long max) {
        List<long[]> out = new ArrayList<>();
        for (Range r : ranges) {
            out.add(new long[] {r.low(max), r.high(max)});
        }
        out.sort((a, b) -> Long.compare(a[0], b[0]));
        return out;
    }

    /** The wire form, {@code 1:3,5,7:*}. */
    @Override
    public String toString() {
        if (lastResult) {
            return "$";
        }
        StringBuilder sb = new StringBuilder();
        for (Range r : ranges) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(r.from == STAR ? "*" : Long.toString(r.from));
            if (r.from != r.to) {
                sb.append(':').append(r.to == STAR ? "*" : Long.toString(r.to));
            }
        }
        return sb.toString();
    }

    /**
     * The compact wire form of numbers, {@code 1:3,5} (RFC 4315 uid-set, RFC 4731 ALL), in the
     * order given: only a run of consecutive ascending numbers becomes a range, so numbers in a
     * sort order keep it ({@code 7,3:4,1}, RFC 5267 section 3.2).
     */
    public static String compact(List<Long> numbers) {
        StringBuilder sb = new StringBuilder();
        int i = 0;
        while (i < numbers.size()) {
            long start = numbers.get(i);
            long end = start;
            while (i + 1 < numbers.size() && numbers.get(i + 1) == end + 1) {
                end = numbers.get(++i);
            }
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(start);
            if (end != start) {
                sb.append(':').append(end);
            }
            i++;
        }
        return sb.toString();
    }
}

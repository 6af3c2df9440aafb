package org.postern.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A set of UIDs as ranges (RFC 3501 sequence-set of UIDs, RFC 4315 uid-set). */
public record UidSet(List<UidRange> ranges) {
    public UidSet {
        ranges = List.copyOf(Objects.requireNonNull(ranges, "ranges"));
    }

    public static UidSet of(UidRange... ranges) {
        return new UidSet(Arrays.asList(ranges));
    }

    public static UidSet of(long... uids) {
        List<UidRange> r = new ArrayList<>();
        for (long uid : uids) {
            r.add(UidRange.single(uid));
        }
        return new UidSet(r);
    }

    /** The UIDs, each run of consecutive ones as one range (a FETCH of 50 messages is then one query, not 50). */
    public static UidSet of(List<Long> uids) {
        List<UidRange> r = new ArrayList<>();
        int i = 0;
        while (i < uids.size()) {
            long first = uids.get(i);
            long last = first;
            while (i + 1 < uids.size() && uids.get(i + 1) == last + 1) {
                last = uids.get(++i);
            }
            r.add(new UidRange(first, last));
            i++;
        }
        return new UidSet(r);
    }

    public static UidSet all() {
        return of(UidRange.all());
    }

    public boolean contains(long uid) {
        return ranges.stream().anyMatch(r -> r.contains(uid));
    }
}

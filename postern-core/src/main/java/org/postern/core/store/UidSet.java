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

    public static UidSet of(List<Long> uids) {
        return new UidSet(uids.stream().map(UidRange::single).toList());
    }

    public static UidSet all() {
        return of(UidRange.all());
    }

    public boolean contains(long uid) {
        return ranges.stream().anyMatch(r -> r.contains(uid));
    }
}

package org.postern.core.store;

/**
 * A closed range of UIDs, {@code first:last} (RFC 3501 section 9, seq-range, with UIDs).
 * UIDs are 32-bit unsigned and start at 1; {@link #MAX_UID} stands for {@code *} as the
 * upper bound of "all".
 */
public record UidRange(long first, long last) {
    public static final long MAX_UID = 0xFFFF_FFFFL;

    public UidRange {
        if (first < 1 || last < first || last > MAX_UID) {
            throw new StoreException(StoreError.INVALID, "bad UID range " + first + ":" + last);
        }
    }

    public static UidRange all() {
        return new UidRange(1, MAX_UID);
    }

    public static UidRange single(long uid) {
        return new UidRange(uid, uid);
    }

    public boolean contains(long uid) {
        return uid >= first && uid <= last;
    }
}

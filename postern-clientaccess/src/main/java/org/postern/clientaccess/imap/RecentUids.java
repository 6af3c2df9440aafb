package org.postern.clientaccess.imap;

import java.util.Arrays;

/**
 * The UIDs of one folder that are {@code \Recent} in this session (RFC 3501 section 2.3.2):
 * the ranges the session claimed from the store ({@code MailboxStore#claimRecent}), ascending
 * and disjoint, each {@code [from, below)}. They last as long as the folder stays selected; a
 * SELECT of the folder already selected keeps them.
 */
final class RecentUids {

    /** Pairs {@code from, below} in {@code ranges[0..size)}; usually one pair. */
    private long[] ranges = new long[2];
    private int size;

    /** Adds the claim {@code [from, below)}, which lies above every earlier one; an empty claim adds nothing. */
    void add(long from, long below) {
        if (from >= below) {
            return;
        }
        if (size > 0 && ranges[size - 1] == from) {
            ranges[size - 1] = below;
            return;
        }
        if (size == ranges.length) {
            ranges = Arrays.copyOf(ranges, size * 2);
        }
        ranges[size++] = from;
        ranges[size++] = below;
    }

    /**
     * A read-only view for EXAMINE: these UIDs and every UID from {@code mark} on, which no
     * session has claimed yet (section 6.3.2: EXAMINE leaves them recent for the next SELECT).
     */
    RecentUids withUnclaimedFrom(long mark) {
        RecentUids view = new RecentUids();
        view.ranges = Arrays.copyOf(ranges, size + 2);
        view.size = size;
        view.add(mark, Long.MAX_VALUE); // the mark lies above every claim
        return view;
    }

    boolean contains(long uid) {
        for (int i = 0; i < size; i += 2) {
            if (uid < ranges[i]) {
                return false;
            }
            if (uid < ranges[i + 1]) {
                return true;
            }
        }
        return false;
    }

    /** How many of the ascending {@code uids[0..count)} are recent. */
    int count(long[] uids, int count) {
        int n = 0;
        for (int i = 0; i < size; i += 2) {
            n += position(uids, count, ranges[i + 1]) - position(uids, count, ranges[i]);
        }
        return n;
    }

    private static int position(long[] uids, int count, long uid) {
        int i = Arrays.binarySearch(uids, 0, count, uid);
        return i < 0 ? -i - 1 : i;
    }
}

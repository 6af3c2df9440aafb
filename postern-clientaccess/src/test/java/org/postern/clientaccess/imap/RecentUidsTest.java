package org.postern.clientaccess.imap;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentUidsTest {

    private static final long[] UIDS = {1, 2, 4, 7, 8, 9, 12};

    @Test
    void claimsAreRangesThatJoinWhenTheyMeet() {
        RecentUids r = new RecentUids();
        assertThat(r.count(UIDS, UIDS.length)).isZero();
        r.add(2, 5); // 2 and 4
        r.add(5, 5); // empty: nothing
        r.add(5, 8); // joins: 2..7
        r.add(9, 13); // another session took 8
        assertThat(r.contains(1)).isFalse();
        assertThat(r.contains(2)).isTrue();
        assertThat(r.contains(7)).isTrue();
        assertThat(r.contains(8)).isFalse();
        assertThat(r.contains(12)).isTrue();
        assertThat(r.contains(13)).isFalse();
        assertThat(r.count(UIDS, UIDS.length)).isEqualTo(5); // 2 4 7 9 12
        assertThat(r.count(UIDS, 4)).as("only the first four UIDs known").isEqualTo(3);
    }

    @Test
    void examineAlsoSeesEveryUnclaimedUidWithoutChangingTheClaims() {
        RecentUids claims = new RecentUids();
        claims.add(2, 5);
        RecentUids view = claims.withUnclaimedFrom(8);
        assertThat(view.count(UIDS, UIDS.length)).isEqualTo(5); // 2 4 (its claims), 8 9 12 (unclaimed); 7 another session has
        assertThat(view.contains(7)).isFalse();
        assertThat(view.contains(Long.MAX_VALUE - 1)).isTrue();
        assertThat(claims.contains(9)).isFalse();
        assertThat(new RecentUids().withUnclaimedFrom(1).count(UIDS, UIDS.length)).isEqualTo(UIDS.length);
    }
}

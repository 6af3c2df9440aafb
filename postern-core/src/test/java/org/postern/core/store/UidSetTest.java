package org.postern.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UidSetTest {

    @Test
    void runsOfConsecutiveUidsBecomeOneRangeEach() {
        assertThat(UidSet.of(List.of(3L, 4L, 5L, 9L, 11L, 12L)).ranges())
                .containsExactly(new UidRange(3, 5), UidRange.single(9), new UidRange(11, 12));
        assertThat(UidSet.of(List.of(7L, 2L, 3L)).ranges()).containsExactly(UidRange.single(7), new UidRange(2, 3));
        assertThat(UidSet.of(List.<Long>of()).ranges()).isEmpty();
    }
}

package org.postern.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StorageSizeTest {

    @Test
    void wholeNumbersWithBinaryUnits() {
        assertThat(StorageSize.parse("2GiB")).isEqualTo(2L << 30);
        assertThat(StorageSize.parse(" 500 MiB ")).isEqualTo(500L << 20);
        assertThat(StorageSize.parse("64KiB")).isEqualTo(64L << 10);
        assertThat(StorageSize.parse("1TiB")).isEqualTo(1L << 40);
        assertThat(StorageSize.parse("1500")).isEqualTo(1500);
        assertThat(StorageSize.parse("1500B")).isEqualTo(1500);
        assertThat(StorageSize.parse("0")).isZero();
    }

    @Test
    void anythingElseIsRefusedNotGuessed() {
        for (String bad : new String[] {"", "2GB", "1.5GiB", "-1", "2 gib", "GiB", "99999999999TiB", "9223372036854775808"}) {
            assertThatThrownBy(() -> StorageSize.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void formatsInTheLargestUnitThatDividesIt() {
        assertThat(StorageSize.format(2L << 30)).isEqualTo("2 GiB");
        assertThat(StorageSize.format(1536L << 10)).isEqualTo("1536 KiB");
        assertThat(StorageSize.format(1500)).isEqualTo("1500 B");
        assertThat(StorageSize.format(0)).isEqualTo("0 B");
    }
}

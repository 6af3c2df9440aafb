package org.postern.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeighedLruTest {

    @Test
    void theLeastRecentlyUsedGoFirstPastTheWeight() {
        WeighedLru<String, String> lru = new WeighedLru<>(10, 10, String::length);
        lru.put("a", "aaaa");
        lru.put("b", "bbbb");
        assertThat(lru.get("a")).isEqualTo("aaaa"); // a used after b
        lru.put("c", "cccc"); // 12 past 10: b goes
        assertThat(lru.get("b")).isNull();
        assertThat(lru.get("a")).isEqualTo("aaaa");
        assertThat(lru.get("c")).isEqualTo("cccc");
        assertThat(lru.size()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedGoFirstPastTheCount() {
        WeighedLru<Integer, String> lru = new WeighedLru<>(2, 100, String::length);
        lru.put(1, "x");
        lru.put(2, "y");
        lru.put(3, "z");
        assertThat(lru.get(1)).isNull();
        assertThat(lru.size()).isEqualTo(2);
    }

    @Test
    void aReplacedValueNoLongerWeighs() {
        WeighedLru<String, String> lru = new WeighedLru<>(10, 10, String::length);
        lru.put("a", "aaaaaaaa");
        lru.put("a", "aa");
        lru.put("b", "bbbbbbbb"); // 2 + 8: both stay
        assertThat(lru.get("a")).isEqualTo("aa");
        assertThat(lru.get("b")).isEqualTo("bbbbbbbb");
    }

    @Test
    void aValueHeavierThanTheBoundIsNotKeptAndDropsTheKeysOldOne() {
        WeighedLru<String, String> lru = new WeighedLru<>(10, 4, String::length);
        lru.put("a", "aa");
        lru.put("b", "bb");
        lru.put("a", "aaaaa");
        assertThat(lru.get("a")).isNull();
        assertThat(lru.get("b")).isEqualTo("bb");
        assertThat(lru.size()).isEqualTo(1);
        assertThatThrownBy(() -> new WeighedLru<String, String>(0, 4, String::length)).isInstanceOf(IllegalArgumentException.class);
    }
}

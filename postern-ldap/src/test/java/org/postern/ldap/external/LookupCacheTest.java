package org.postern.ldap.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.postern.core.directory.DirectoryUnavailableException;
import org.postern.core.testing.TestClock;

class LookupCacheTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-11-28T04:00:00Z"));

    private static final Supplier<String> DOWN = () -> {
        throw new DirectoryUnavailableException("down", null);
    };

    @Test
    void aFreshAnswerIsReusedAStaleOneAskedAgainAndKeptWhileTheDirectoryIsDown() {
        LookupCache<String, String> cache = new LookupCache<>(Duration.ofMinutes(5), 10, clock);
        AtomicInteger asked = new AtomicInteger();
        assertThat(cache.get("alice", () -> "v" + asked.incrementAndGet())).isEqualTo("v1");
        assertThat(cache.get("alice", () -> "v" + asked.incrementAndGet())).isEqualTo("v1");
        clock.advance(Duration.ofMinutes(6));
        assertThat(cache.get("alice", () -> "v" + asked.incrementAndGet())).isEqualTo("v2");
        clock.advance(Duration.ofHours(6));
        assertThat(cache.get("alice", DOWN)).as("stale, but the directory does not answer").isEqualTo("v2");
        assertThatThrownBy(() -> cache.get("carol", DOWN)).isInstanceOf(DirectoryUnavailableException.class);
    }

    @Test
    void theLeastRecentlyUsedAnswerGoesFirst() {
        LookupCache<String, String> cache = new LookupCache<>(Duration.ofMinutes(5), 2, clock);
        cache.get("a", () -> "a");
        cache.get("b", () -> "b");
        cache.get("a", () -> "a2");
        cache.get("c", () -> "c");
        assertThat(cache.get("a", DOWN)).isEqualTo("a");
        assertThatThrownBy(() -> cache.get("b", DOWN)).isInstanceOf(DirectoryUnavailableException.class);
    }
}

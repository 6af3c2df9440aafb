package org.postern.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A clock the test moves, and a sleeper that records each wait and moves the clock by it. */
final class FakeTime extends Clock implements AuthThrottle.Sleeper {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final List<Duration> sleeps = new ArrayList<>();

    void advance(Duration d) {
        now = now.plus(d);
    }

    Duration lastSleep() {
        return sleeps.isEmpty() ? Duration.ZERO : sleeps.getLast();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        advance(duration);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return now;
    }
}

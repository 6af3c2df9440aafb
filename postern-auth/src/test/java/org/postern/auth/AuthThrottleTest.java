package org.postern.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthThrottleTest {

    private static final AuthThrottleSettings D = AuthThrottleSettings.DEFAULTS;

    private final FakeTime time = new FakeTime();
    private final AuthThrottle throttle = new AuthThrottle(D, time, time);

    private static InetAddress ip(String address) throws Exception {
        return InetAddress.getByName(address);
    }

    private static InetAddress ipv4(int n) throws Exception {
        return InetAddress.getByAddress(new byte[] {10, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    private static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }

    @Test
    void theDelayGrowsAfterTwoFreeFailuresUpToItsCap() throws Exception {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp"));
        }

        assertThat(delays).containsExactly(Duration.ZERO, Duration.ZERO,
                seconds(1), seconds(2), seconds(4), seconds(8), seconds(15), seconds(15), seconds(15));
        assertThat(time.sleeps).containsExactly(seconds(1), seconds(2), seconds(4), seconds(8), seconds(15), seconds(15), seconds(15));
        assertThat(throttle.failures()).isEqualTo(9);
        assertThat(throttle.allows("alice@example.test", ip("10.0.0.1"), "smtp")).isTrue();
    }

    @Test
    void theLockoutRefusesForTheCoolDownThenLetsTheNextAttemptThrough() throws Exception {
        for (int i = 0; i < D.lockoutFailures(); i++) {
            assertThat(throttle.allows("alice@example.test", ip("10.0.0.1"), "imap")).isTrue();
            throttle.failure("alice@example.test", ip("10.0.0.1"), "imap");
        }

        assertThat(throttle.allows("alice@example.test", ip("10.0.0.1"), "imap")).isFalse();
        assertThat(throttle.allows("ALICE@example.test", ip("10.0.0.1"), "pop3")).isFalse(); // one throttle, any protocol, any case
        assertThat(throttle.lockouts()).isEqualTo(1);
        assertThat(throttle.throttled()).isEqualTo(2);
        // another account from the same source, and the same account from elsewhere, go on
        assertThat(throttle.allows("bob@example.test", ip("10.0.0.1"), "imap")).isTrue();
        assertThat(throttle.allows("alice@example.test", ip("10.0.0.2"), "imap")).isTrue();

        // the cool-down runs from the last failure's answer, which came after its delay
        assertThat(time.lastSleep()).isEqualTo(seconds(15));
        time.advance(D.coolDown().minusSeconds(1));
        assertThat(throttle.allows("alice@example.test", ip("10.0.0.1"), "imap")).isFalse();
        time.advance(seconds(1));
        assertThat(throttle.allows("alice@example.test", ip("10.0.0.1"), "imap")).isTrue();
    }

    @Test
    void failuresDecayOverTime() throws Exception {
        for (int i = 0; i < 4; i++) {
            throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp");
        }
        assertThat(time.lastSleep()).isEqualTo(seconds(2));

        time.advance(Duration.ofHours(2)); // twelve half-lives
        assertThat(throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp")).isZero();
        assertThat(throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp")).isZero();
        assertThat(throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp")).isEqualTo(seconds(1));
    }

    @Test
    void aSuccessForgetsTheFailuresOfThatAccountFromThatSource() throws Exception {
        for (int i = 0; i < D.lockoutFailures() - 1; i++) {
            throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp");
        }
        throttle.success("alice@example.test", ip("10.0.0.1"));

        for (int i = 0; i < D.lockoutFailures() - 1; i++) {
            throttle.failure("alice@example.test", ip("10.0.0.1"), "smtp");
        }
        assertThat(throttle.allows("alice@example.test", ip("10.0.0.1"), "smtp")).isTrue();
        assertThat(throttle.lockouts()).isZero();
    }

    @Test
    void sprayingManyAccountsFromOneSourceLocksTheSource() throws Exception {
        for (int i = 0; i < D.sourceLockoutFailures(); i++) {
            throttle.failure("user" + i + "@example.test", ip("10.0.0.1"), "smtp");
        }

        assertThat(throttle.allows("someone.new@example.test", ip("10.0.0.1"), "smtp")).isFalse();
        assertThat(throttle.allows("someone.new@example.test", ip("10.0.0.2"), "smtp")).isTrue();
        // the source's own delays grew after its five free failures, capped
        assertThat(time.sleeps).first().isEqualTo(seconds(1));
        assertThat(time.sleeps).hasSize(D.sourceLockoutFailures() - D.sourceFreeFailures()).last().isEqualTo(seconds(15));
    }

    @Test
    void failuresForOneAccountFromEverywhereOnlySlowDown() throws Exception {
        for (int i = 0; i < 100; i++) {
            throttle.failure("alice@example.test", ipv4(i), "imap");
        }

        assertThat(throttle.allows("alice@example.test", ip("192.0.2.1"), "imap")).isTrue();
        assertThat(throttle.lockouts()).isZero();
        assertThat(time.sleeps).first().isEqualTo(seconds(1));
        assertThat(time.sleeps).hasSize(100 - D.accountFreeFailures()).allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(seconds(15)));
    }

    @Test
    void ipv6SourcesCountPerPrefix() throws Exception {
        for (int i = 1; i <= D.sourceLockoutFailures(); i++) {
            throttle.failure("user" + i + "@example.test", ip("2001:db8:0:1::" + Integer.toHexString(i)), "smtp");
        }

        assertThat(throttle.allows("x@example.test", ip("2001:db8:0:1:ffff::1"), "smtp")).isFalse();
        assertThat(throttle.allows("x@example.test", ip("2001:db8:0:2::1"), "smtp")).isTrue();
        assertThat(throttle.sourceKey(ip("2001:db8:0:1:abcd::1"))).isEqualTo("2001:db8:0:1:0:0:0:0/64");
        assertThat(throttle.sourceKey(ip("::ffff:10.1.2.3"))).isEqualTo("10.1.2.3");
    }

    @Test
    void memoryStaysBoundedWhenAddressesAndLoginsAreSprayed() throws Exception {
        AuthThrottleSettings small = new AuthThrottleSettings(2, 10, 5, 30, 20,
                seconds(1), seconds(15), Duration.ofMinutes(15), Duration.ofMinutes(10), 1000, 64);
        AuthThrottle bounded = new AuthThrottle(small, time, time);

        for (int i = 0; i < 200_000; i++) {
            bounded.failure("user" + i + "@example.test", ipv4(i), "smtp");
        }
        assertThat(bounded.trackedEntries()).isLessThanOrEqualTo(3 * 1000);
        assertThat(bounded.failures()).isEqualTo(200_000);

        // very long logins are kept as a digest, not as they came
        assertThat(AuthThrottle.accountKey("a".repeat(5000))).startsWith("sha-256:").hasSize(8 + 64);
        assertThat(AuthThrottle.accountKey("Alice@Example.TEST")).isEqualTo("alice@example.test");
    }

    @Test
    void staleEntriesAreDroppedBeforeTheBoundIsReached() throws Exception {
        for (int i = 0; i < 100; i++) {
            throttle.failure("user" + i + "@example.test", ipv4(i), "smtp");
        }
        assertThat(throttle.trackedEntries()).isEqualTo(300);

        time.advance(Duration.ofDays(1));
        for (int i = 0; i < 100; i++) {
            throttle.failure("fresh" + i + "@example.test", ip("192.0.2.1"), "smtp");
            time.advance(Duration.ofMinutes(1)); // no lockout: these count per pair, decaying
        }
        assertThat(throttle.trackedEntries()).isLessThan(300);
    }

    @Test
    void anInterruptEndsTheWaitAndStaysSet() throws Exception {
        AuthThrottle interrupted = new AuthThrottle(D, time, d -> {
            throw new InterruptedException();
        });
        for (int i = 0; i < 3; i++) {
            interrupted.failure("alice@example.test", ip("10.0.0.1"), "smtp");
        }
        assertThat(Thread.interrupted()).isTrue();
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> new AuthThrottleSettings(2, 2, 5, 30, 20,
                seconds(1), seconds(15), Duration.ofMinutes(15), Duration.ofMinutes(10), 1000, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthThrottleSettings(2, 10, 5, 30, 20,
                seconds(20), seconds(15), Duration.ofMinutes(15), Duration.ofMinutes(10), 1000, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthThrottleSettings(2, 10, 5, 30, 20,
                seconds(1), seconds(15), Duration.ofMinutes(15), Duration.ZERO, 1000, 64))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AuthThrottleSettings(2, 10, 5, 30, 20,
                seconds(1), seconds(15), Duration.ofMinutes(15), Duration.ofMinutes(10), 0, 64))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

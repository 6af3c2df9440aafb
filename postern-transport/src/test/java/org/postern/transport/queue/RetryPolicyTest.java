package org.postern.transport.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.postern.protocols.smtp.RcptParameters;

class RetryPolicyTest {

    private static final Instant T0 = Instant.parse("2026-11-28T00:00:00Z");
    private final RetryPolicy policy = RetryPolicy.DEFAULT;

    @Test
    void backoffGrowsThenStaysHourly() {
        assertThat(policy.backoffAfter(1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(policy.backoffAfter(2)).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.backoffAfter(3)).isEqualTo(Duration.ofMinutes(15));
        assertThat(policy.backoffAfter(4)).isEqualTo(Duration.ofMinutes(30));
        assertThat(policy.backoffAfter(5)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.backoffAfter(50)).isEqualTo(Duration.ofHours(1));
        assertThat(policy.nextAttempt(2, T0)).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void expiryAfterTwoDaysAndOneDelayNoticeAfterFourHours() {
        RecipientState deferred = RecipientState.pending(TestEnvelopes.mailbox("a@example.org"), RcptParameters.NONE)
                .deferred("451 4.4.1 no answer", T0.plusSeconds(60));
        assertThat(policy.isExpired(T0, T0.plus(Duration.ofHours(47)))).isFalse();
        assertThat(policy.isExpired(T0, T0.plus(Duration.ofDays(2)))).isTrue();
        assertThat(policy.isDelayNoticeDue(T0, T0.plus(Duration.ofHours(3)), deferred)).isFalse();
        assertThat(policy.isDelayNoticeDue(T0, T0.plus(Duration.ofHours(4)), deferred)).isTrue();
        assertThat(policy.isDelayNoticeDue(T0, T0.plus(Duration.ofHours(5)), deferred.withDelayNoticeSent())).isFalse();
        assertThat(policy.isDelayNoticeDue(T0, T0.plus(Duration.ofDays(3)), deferred)).isFalse();
    }
}

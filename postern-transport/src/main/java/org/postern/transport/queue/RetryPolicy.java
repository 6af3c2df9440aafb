package org.postern.transport.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * When delivery tries again, when it tells the sender of the delay, and when it gives up —
 * RFC 5321 section 4.5.4.1 (retry at least 30 minutes apart, give up after 4-5 days at most;
 * Postern defaults to 2 days as Exchange does) and RFC 3464 (the delay notice and the
 * non-delivery report). The delivery code asks; the queue only stores what it decided.
 *
 * @param backoff     the waits after the first, second, ... failed attempt; the last repeats
 * @param expiry      how long after arrival a still-deferred recipient fails ("message expired")
 * @param delayNotice how long after arrival a deferred recipient earns one delay notice
 */
public record RetryPolicy(List<Duration> backoff, Duration expiry, Duration delayNotice) {

    /** 1, 5, 15, 30 minutes, then hourly; expiry after 2 days; a delay notice after 4 hours. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(
            List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15), Duration.ofMinutes(30),
                    Duration.ofHours(1)),
            Duration.ofDays(2), Duration.ofHours(4));

    public RetryPolicy {
        backoff = List.copyOf(backoff);
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(delayNotice, "delayNotice");
        if (backoff.isEmpty() || backoff.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("backoff needs positive waits");
        }
    }

    /** The wait after the given number of failed attempts (1 for the first failure). */
    public Duration backoffAfter(int failedAttempts) {
        int i = Math.max(1, failedAttempts) - 1;
        return backoff.get(Math.min(i, backoff.size() - 1));
    }

    /** When to try again after {@code failedAttempts} failures, counted from {@code now}. */
    public Instant nextAttempt(int failedAttempts, Instant now) {
        return now.plus(backoffAfter(failedAttempts));
    }

    /** Whether a message that arrived at {@code arrival} has been queued too long to try again. */
    public boolean isExpired(Instant arrival, Instant now) {
        return !now.isBefore(arrival.plus(expiry));
    }

    /** Whether a deferred recipient that has had no delay notice should get one now. */
    public boolean isDelayNoticeDue(Instant arrival, Instant now, RecipientState recipient) {
        return recipient.status() == DeliveryStatus.DEFERRED && !recipient.delayNoticeSent()
                && !now.isBefore(arrival.plus(delayNotice)) && !isExpired(arrival, now);
    }
}

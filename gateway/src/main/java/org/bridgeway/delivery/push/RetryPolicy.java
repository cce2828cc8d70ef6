package org.bridgeway.delivery.push;

import java.time.Duration;

/**
 * How often and how patiently a notice is pushed again after a passing failure. The broker applies it (Artemis
 * redelivery): after the n-th failed attempt the message is offered again after {@code firstDelay × multiplier^(n-1)},
 * never more than {@code maxDelay}. After {@code maxAttempts} failed attempts the push route moves the notice to the
 * dead-letter queue with the last failure as its reason.
 */
public record RetryPolicy(Duration firstDelay, double multiplier, Duration maxDelay, int maxAttempts) {
    /** Production defaults: 30 s, 1 min, 2 min, … up to 30 min between attempts, 12 attempts (about 3 hours). */
    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), 2.0, Duration.ofMinutes(30), 12);

    /**
     * Attempts after which the broker itself gives up and moves the message to the dead-letter queue, without a
     * reason. The route decides first, at {@link #maxAttempts()}; this only catches a message the route cannot
     * handle at all (so that one poison message cannot be retried for ever).
     */
    public int brokerBackstopAttempts() {
        return maxAttempts + 5;
    }

    /** The delay the broker waits before offering a message again after its {@code failedAttempts}-th failure. */
    public Duration delayAfter(int failedAttempts) {
        double millis = firstDelay.toMillis() * Math.pow(multiplier, Math.max(0, failedAttempts - 1));
        return Duration.ofMillis((long) Math.min(millis, maxDelay.toMillis()));
    }
}

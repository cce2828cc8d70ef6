package org.bridgeway.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link OpaDecisionPoint} talks to its OPA server: the timeouts of one request, the retry of one decision,
 * and the circuit breaker over decisions (resilience4j's, count-based).
 *
 * @param connectTimeout     how long to wait for the TCP (and TLS) connection
 * @param requestTimeout     how long to wait for one answer, from sending the request to the end of the response
 * @param maxAttempts        attempts per decision, the first included (1 = no retry); retried are I/O errors,
 *                           timeouts and 5xx answers, never 4xx
 * @param backoffBase        the wait before the second attempt; it doubles before each further attempt (capped at
 *                           {@link #MAX_BACKOFF})
 * @param circuitWindow      how many of the latest decisions the circuit breaker judges; it judges none before
 *                           this many were made
 * @param circuitFailureRate the percentage (1–100) of those decisions for which OPA was unavailable (unreachable,
 *                           timing out or answering 5xx after every attempt) that opens the circuit; at 100 the
 *                           circuit opens after {@code circuitWindow} consecutive unavailable decisions
 * @param openDuration       how long the circuit stays open (decisions are denied without asking OPA) before one
 *                           trial request is let through
 */
public record OpaSettings(
        Duration connectTimeout,
        Duration requestTimeout,
        int maxAttempts,
        Duration backoffBase,
        int circuitWindow,
        int circuitFailureRate,
        Duration openDuration) {

    /** The longest wait between two attempts, whatever the backoff base and attempt number. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    public OpaSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        Objects.requireNonNull(backoffBase, "backoffBase");
        if (backoffBase.isNegative()) {
            throw new IllegalArgumentException("backoffBase must not be negative: " + backoffBase);
        }
        requirePositive(openDuration, "openDuration");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1: " + maxAttempts);
        }
        if (circuitWindow < 1) {
            throw new IllegalArgumentException("circuitWindow must be at least 1: " + circuitWindow);
        }
        if (circuitFailureRate < 1 || circuitFailureRate > 100) {
            throw new IllegalArgumentException("circuitFailureRate must be a percentage from 1 to 100: "
                    + circuitFailureRate);
        }
    }

    /** The circuit opens after {@code consecutiveFailures} decisions in a row for which OPA was unavailable. */
    public OpaSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoffBase,
                       int consecutiveFailures, Duration openDuration) {
        this(connectTimeout, requestTimeout, maxAttempts, backoffBase, consecutiveFailures, 100, openDuration);
    }

    /**
     * Defaults for an OPA sidecar or a replica on the same network: connect 1 s, request 2 s, 3 attempts with a
     * 100 ms backoff base (100 ms, 200 ms), circuit opening after 5 consecutive unavailable decisions for 30 s.
     */
    public static OpaSettings defaults() {
        return new OpaSettings(Duration.ofSeconds(1), Duration.ofSeconds(2), 3, Duration.ofMillis(100), 5, 100,
                Duration.ofSeconds(30));
    }

    public OpaSettings withConnectTimeout(Duration d) {
        return new OpaSettings(d, requestTimeout, maxAttempts, backoffBase, circuitWindow, circuitFailureRate,
                openDuration);
    }

    public OpaSettings withRequestTimeout(Duration d) {
        return new OpaSettings(connectTimeout, d, maxAttempts, backoffBase, circuitWindow, circuitFailureRate,
                openDuration);
    }

    public OpaSettings withMaxAttempts(int n) {
        return new OpaSettings(connectTimeout, requestTimeout, n, backoffBase, circuitWindow, circuitFailureRate,
                openDuration);
    }

    public OpaSettings withBackoffBase(Duration d) {
        return new OpaSettings(connectTimeout, requestTimeout, maxAttempts, d, circuitWindow, circuitFailureRate,
                openDuration);
    }

    /** A circuit opening after {@code consecutiveFailures} unavailable decisions in a row, open for {@code open}. */
    public OpaSettings withCircuitBreaker(int consecutiveFailures, Duration open) {
        return withCircuitBreaker(consecutiveFailures, 100, open);
    }

    /** A circuit opening at {@code failureRate} % unavailable decisions of the latest {@code window}. */
    public OpaSettings withCircuitBreaker(int window, int failureRate, Duration open) {
        return new OpaSettings(connectTimeout, requestTimeout, maxAttempts, backoffBase, window, failureRate, open);
    }

    /** The wait before attempt {@code attempt} (2, 3, ...): base × 2^(attempt − 2), at most {@link #MAX_BACKOFF}. */
    public Duration backoffBefore(int attempt) {
        if (attempt <= 1 || backoffBase.isZero()) {
            return Duration.ZERO;
        }
        int shift = Math.min(attempt - 2, 30);
        long millis = backoffBase.toMillis();
        long wait = millis > (MAX_BACKOFF.toMillis() >> shift) ? MAX_BACKOFF.toMillis() : millis << shift;
        return Duration.ofMillis(Math.min(wait, MAX_BACKOFF.toMillis()));
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive: " + d);
        }
    }
}

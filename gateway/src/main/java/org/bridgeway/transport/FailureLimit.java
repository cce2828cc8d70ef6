package org.bridgeway.transport;

import java.time.Duration;

/**
 * How failed authentications are limited and audited. A source (an IPv4 address, or an IPv6 /64) that fails
 * {@code maxFailures} times within {@code window} is refused outright for one {@code window}; at most
 * {@code maxAuditedPerWindow} failures are audited one by one in a window across all sources, and what is not
 * audited one by one is counted in one summary entry per window, so a flood cannot flood the audit log.
 */
public record FailureLimit(int maxFailures, Duration window, int maxAuditedPerWindow) {
    public static final FailureLimit DEFAULT = new FailureLimit(10, Duration.ofMinutes(1), 200);

    public FailureLimit {
        if (maxFailures < 1 || maxAuditedPerWindow < 1) {
            throw new IllegalArgumentException("limits must be at least 1");
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive");
        }
    }
}

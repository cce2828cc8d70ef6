package org.bridgeway.policy;

import java.time.Duration;

/**
 * How long a recipient has to acknowledge a message before it expires into a non-delivery report to its sender: the
 * agreement's {@code deliveryWindow}, five days (as NHS MESH) when it names none.
 */
public final class DeliveryWindows {
    public static final Duration DEFAULT = Duration.ofDays(5);
    /** Shorter would expire a message before a recipient polling every few minutes could see it. */
    public static final Duration SHORTEST = Duration.ofMinutes(1);
    /** Longer would keep notices in the broker long after anyone could act on them. */
    public static final Duration LONGEST = Duration.ofDays(30);

    private DeliveryWindows() {
    }

    /** The window if it is within bounds; otherwise IllegalArgumentException. */
    public static Duration check(Duration window) {
        if (window.compareTo(SHORTEST) < 0 || window.compareTo(LONGEST) > 0) {
            throw new IllegalArgumentException("delivery window " + window + " outside " + SHORTEST + ".." + LONGEST);
        }
        return window;
    }
}

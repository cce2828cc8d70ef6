package org.bridgeway.dev.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The demo's clock: the story's own time, moving on with the wall clock, and jumped forward between chapters, so
 * that a 72-hour deadline passes in a second while the gateway's timers run as they would in a real week.
 */
final class StoryClock extends Clock {
    private final Instant start;
    private final long startNanos = System.nanoTime();
    private volatile Duration jumped = Duration.ZERO;

    StoryClock(Instant start) {
        this.start = start;
    }

    /** Moves the clock on to {@code then}; a time already passed leaves it where it is. */
    synchronized void jumpTo(Instant then) {
        Instant now = instant();
        if (then.isAfter(now)) {
            jumped = jumped.plus(Duration.between(now, then));
        }
    }

    @Override
    public Instant instant() {
        return start.plus(jumped).plusNanos(System.nanoTime() - startNanos);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the story's clock stays in UTC");
    }
}

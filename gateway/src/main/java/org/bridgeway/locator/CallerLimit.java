package org.bridgeway.locator;

import static org.bridgeway.locator.LocatorLimits.PROBING;
import static org.bridgeway.locator.LocatorLimits.RATE_LIMITED;

import java.time.Duration;
import java.time.Instant;
import org.bridgeway.locator.LocatorLimits.Verdict;

/**
 * One caller's standing with the locator's limits, and the arithmetic on it: pure, at the time it is given.
 * {@link LocatorLimits} reads it from its row, applies a query to it and writes it back, under the row's lock.
 */
final class CallerLimit {
    double tokens;
    Instant refilledAt;
    /** When the window the misses are counted in began; null when none is running. */
    Instant missWindowStart;
    int misses;
    /** Until when the caller is (or was last) refused, and by which rule; null when not refused since allowed. */
    Instant refusedUntil;
    String refusedBy;
    Instant lastSeen;

    /** A caller not seen before: a full burst, nothing missed. */
    static CallerLimit fresh(LocatorSettings settings, Instant now) {
        CallerLimit s = new CallerLimit();
        s.tokens = settings.burst();
        s.refilledAt = now;
        s.lastSeen = now;
        return s;
    }

    /** Whether the caller may ask at {@code now}; an allowed query takes one token. */
    Verdict ask(LocatorSettings settings, Instant now) {
        lastSeen = now;
        if (refusedUntil != null && now.isBefore(refusedUntil) && PROBING.equals(refusedBy)) {
            return new Verdict(PROBING, wait(now, refusedUntil), false);
        }
        double perSecond = settings.queriesPerMinute() / 60.0;
        // refilled by a node whose clock is ahead of this one's: no time has passed since (none is counted twice), and
        // the next token comes as that node's clock would have it
        Instant refilled = refilledAt.isAfter(now) ? refilledAt : now;
        tokens = Math.min(settings.burst(),
                tokens + Duration.between(refilledAt, refilled).toNanos() / 1e9 * perSecond);
        refilledAt = refilled;
        if (tokens < 1) {
            boolean first = !RATE_LIMITED.equals(refusedBy) || refusedUntil == null || !now.isBefore(refusedUntil);
            Instant next = refilled.plusNanos((long) ((1 - tokens) / perSecond * 1e9));
            refusedBy = RATE_LIMITED;
            refusedUntil = next;
            return new Verdict(RATE_LIMITED, wait(now, next), first);
        }
        tokens -= 1;
        refusedBy = null;
        refusedUntil = null;
        return Verdict.ALLOWED;
    }

    /**
     * Counts an unanswered query at {@code now}; returns the probing refusal when this miss trips the rule (its first
     * refusal: the caller's later queries are refused without counting).
     */
    Verdict missed(LocatorSettings settings, Instant now) {
        if (missWindowStart == null || !now.isBefore(missWindowStart.plus(settings.probingWindow()))) {
            missWindowStart = now;
            misses = 0;
        }
        misses++;
        if (misses >= settings.probingMisses()) {
            refusedBy = PROBING;
            refusedUntil = now.plus(settings.probingWindow());
            misses = 0;
            missWindowStart = null;
            return new Verdict(PROBING, settings.probingWindow(), true);
        }
        return Verdict.ALLOWED;
    }

    /**
     * How long a caller must have been idle before its standing is as good as fresh, once no refusal or miss window
     * of it is running: the probing window, or when that is shorter, the time its bucket takes to fill from empty
     * (and a second more, beyond any rounding), so that a caller forgotten comes back with no more tokens than it had.
     */
    static Duration idle(LocatorSettings settings) {
        Duration refill = Duration.ofNanos((long) Math.ceil(settings.burst() * 60e9 / settings.queriesPerMinute()))
                .plusSeconds(1);
        return refill.compareTo(settings.probingWindow()) > 0 ? refill : settings.probingWindow();
    }

    /** Whole seconds, at least one: what Retry-After can say. */
    private static Duration wait(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }
}

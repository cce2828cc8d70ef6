package org.bridgeway.locator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much one caller may ask the locator, on this node: a token bucket per caller (a burst, then a steady rate per
 * minute) and a probing rule (this many unanswered queries within a window and the caller is refused until the
 * window has passed since it tripped). Pure bookkeeping with an injected clock; {@link LocatorQueries} audits what it
 * answers. Each verdict says whether it is the first refusal of a spell, so that a caller hammering a refusal is
 * audited once per spell, not once per request.
 */
public final class LocatorLimits {
    /** Beyond this many tracked callers, idle ones are dropped before a new one is added. */
    private static final int PRUNE_ABOVE = 50_000;

    /** Allowed, or refused by a rule with how long to wait. */
    public record Verdict(String refusedBy, Duration retryAfter, boolean firstOfSpell) {
        static final Verdict ALLOWED = new Verdict(null, Duration.ZERO, false);

        public boolean allowed() {
            return refusedBy == null;
        }
    }

    public static final String RATE_LIMITED = "locator.rate-limited";
    public static final String PROBING = "locator.probing";

    private static final class CallerState {
        double tokens;
        Instant refilledAt;
        Instant missWindowStart;
        int misses;
        Instant refusedUntil;
        String refusedBy;
        Instant lastSeen;
    }

    private final LocatorSettings settings;
    private final Clock clock;
    private final Map<String, CallerState> callers = new ConcurrentHashMap<>();

    public LocatorLimits(LocatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether {@code caller} may ask now; an allowed query takes one token. */
    public Verdict ask(String caller) {
        Instant now = clock.instant();
        if (callers.size() > PRUNE_ABOVE) {
            callers.values().removeIf(s -> s.lastSeen.isBefore(now.minus(settings.probingWindow())));
        }
        CallerState s = callers.computeIfAbsent(caller, k -> fresh(now));
        synchronized (s) {
            s.lastSeen = now;
            if (s.refusedUntil != null && now.isBefore(s.refusedUntil) && PROBING.equals(s.refusedBy)) {
                return new Verdict(PROBING, wait(now, s.refusedUntil), false);
            }
            double perSecond = settings.queriesPerMinute() / 60.0;
            s.tokens = Math.min(settings.burst(),
                    s.tokens + Duration.between(s.refilledAt, now).toNanos() / 1e9 * perSecond);
            s.refilledAt = now;
            if (s.tokens < 1) {
                boolean first = !RATE_LIMITED.equals(s.refusedBy) || s.refusedUntil == null
                        || !now.isBefore(s.refusedUntil);
                Instant next = now.plusNanos((long) ((1 - s.tokens) / perSecond * 1e9));
                s.refusedBy = RATE_LIMITED;
                s.refusedUntil = next;
                return new Verdict(RATE_LIMITED, wait(now, next), first);
            }
            s.tokens -= 1;
            s.refusedBy = null;
            s.refusedUntil = null;
            return Verdict.ALLOWED;
        }
    }

    /**
     * Counts an answered query's result; returns the probing refusal when this miss trips the rule (its first
     * refusal: the caller's later queries are refused without counting).
     */
    public Verdict answered(String caller, boolean known) {
        if (known) {
            return Verdict.ALLOWED;
        }
        Instant now = clock.instant();
        CallerState s = callers.computeIfAbsent(caller, k -> fresh(now));
        synchronized (s) {
            if (s.missWindowStart == null || !now.isBefore(s.missWindowStart.plus(settings.probingWindow()))) {
                s.missWindowStart = now;
                s.misses = 0;
            }
            s.misses++;
            if (s.misses >= settings.probingMisses()) {
                s.refusedBy = PROBING;
                s.refusedUntil = now.plus(settings.probingWindow());
                s.misses = 0;
                s.missWindowStart = null;
                return new Verdict(PROBING, settings.probingWindow(), true);
            }
            return Verdict.ALLOWED;
        }
    }

    private CallerState fresh(Instant now) {
        CallerState s = new CallerState();
        s.tokens = settings.burst();
        s.refilledAt = now;
        s.lastSeen = now;
        return s;
    }

    /** Whole seconds, at least one: what Retry-After can say. */
    private static Duration wait(Instant now, Instant until) {
        long millis = Duration.between(now, until).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }
}

package org.bridgeway.locator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How much one caller may ask the locator, on this node: a token bucket per caller (a burst, then a steady rate per
 * minute) and a probing rule (this many unanswered queries within a window and the caller is refused until the
 * window has passed since it tripped). Pure bookkeeping with an injected clock, {@link CallerLimit}'s arithmetic;
 * {@link LocatorQueries} audits what it answers. Each verdict says whether it is the first refusal of a spell, so that
 * a caller hammering a refusal is audited once per spell, not once per request.
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

    private final LocatorSettings settings;
    private final Clock clock;
    private final Map<String, CallerLimit> callers = new ConcurrentHashMap<>();

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
        CallerLimit s = callers.computeIfAbsent(caller, k -> CallerLimit.fresh(settings, now));
        synchronized (s) {
            return s.ask(settings, now);
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
        CallerLimit s = callers.computeIfAbsent(caller, k -> CallerLimit.fresh(settings, now));
        synchronized (s) {
            return s.missed(settings, now);
        }
    }
}

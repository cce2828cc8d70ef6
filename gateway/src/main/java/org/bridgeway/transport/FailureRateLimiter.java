package org.bridgeway.transport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Counts failed authentications per source in fixed windows and says what to do with each: audit it, block the
 * source (it reached the limit), or only count it (the source is blocked, or the window's audit budget is spent).
 * Pure bookkeeping with an injected clock; {@link AuthenticationFailures} acts on the answers.
 */
final class FailureRateLimiter {
    /** Beyond this many tracked sources, expired ones are dropped before a new one is added. */
    private static final int PRUNE_ABOVE = 10_000;

    enum Verdict {
        /** Audit this failure on its own. */
        AUDIT,
        /** This failure reached the limit: audit it, and audit that the source is now blocked. */
        BLOCK,
        /** Count it in the window's summary only. */
        COUNT
    }

    /** What one window left to summarise: refusals counted but not audited one by one. */
    record Summary(Instant windowStart, Instant windowEnd, long unaudited, long refusedWhileBlocked, int blockedSources) {
        boolean empty() {
            return unaudited == 0 && refusedWhileBlocked == 0;
        }
    }

    private static final class Source {
        Instant windowStart;
        int failures;
        Instant blockedUntil;
    }

    private final FailureLimit limit;
    private final Clock clock;
    private final Map<String, Source> sources = new HashMap<>();
    private Instant auditWindowStart;
    private int auditedInWindow;
    private long unaudited;
    private long refusedWhileBlocked;
    private int blockedInWindow;

    FailureRateLimiter(FailureLimit limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.auditWindowStart = clock.instant();
    }

    /** Whether the source is refused outright now. */
    synchronized boolean blocked(String source) {
        Source s = sources.get(source);
        return s != null && s.blockedUntil != null && clock.instant().isBefore(s.blockedUntil);
    }

    /** How long the source stays blocked; zero when it is not. */
    synchronized Duration blockedFor(String source) {
        Source s = sources.get(source);
        Instant now = clock.instant();
        return s == null || s.blockedUntil == null || !now.isBefore(s.blockedUntil) ? Duration.ZERO
                : Duration.between(now, s.blockedUntil);
    }

    /** A refusal of a source that is blocked: counted for the summary, never audited on its own. */
    synchronized void refusedWhileBlocked(String source) {
        rollAuditWindow(clock.instant());
        refusedWhileBlocked++;
    }

    /** A failed authentication from the source. */
    synchronized Verdict failure(String source) {
        Instant now = clock.instant();
        rollAuditWindow(now);
        Source s = sources.get(source);
        if (s == null) {
            if (sources.size() >= PRUNE_ABOVE) {
                prune(now);
            }
            s = new Source();
            sources.put(source, s);
        }
        if (s.blockedUntil != null && now.isBefore(s.blockedUntil)) {
            refusedWhileBlocked++;
            return Verdict.COUNT;
        }
        if (s.windowStart == null || !now.isBefore(s.windowStart.plus(limit.window())) || s.blockedUntil != null) {
            s.windowStart = now;
            s.failures = 0;
            s.blockedUntil = null;
        }
        s.failures++;
        boolean blocking = s.failures >= limit.maxFailures();
        if (blocking) {
            s.blockedUntil = now.plus(limit.window());
            blockedInWindow++;
        }
        if (auditedInWindow >= limit.maxAuditedPerWindow()) {
            unaudited++;
            return Verdict.COUNT;
        }
        auditedInWindow++;
        return blocking ? Verdict.BLOCK : Verdict.AUDIT;
    }

    /** The summary of the audit window if it has ended (and had anything to summarise), starting the next one. */
    synchronized Summary takeEndedWindow() {
        Instant now = clock.instant();
        if (now.isBefore(auditWindowStart.plus(limit.window()))) {
            return null;
        }
        return roll(now);
    }

    /** The summary of the window so far, at shutdown. */
    synchronized Summary takeCurrentWindow() {
        return roll(clock.instant());
    }

    private void rollAuditWindow(Instant now) {
        if (!now.isBefore(auditWindowStart.plus(limit.window())) && unaudited == 0 && refusedWhileBlocked == 0) {
            roll(now); // nothing to summarise: just start the next window's budget
        }
    }

    private Summary roll(Instant now) {
        Summary ended = new Summary(auditWindowStart, now, unaudited, refusedWhileBlocked, blockedInWindow);
        auditWindowStart = now;
        auditedInWindow = 0;
        unaudited = 0;
        refusedWhileBlocked = 0;
        blockedInWindow = 0;
        return ended;
    }

    private void prune(Instant now) {
        for (Iterator<Source> it = sources.values().iterator(); it.hasNext(); ) {
            Source s = it.next();
            boolean windowOver = s.windowStart == null || !now.isBefore(s.windowStart.plus(limit.window()));
            boolean unblocked = s.blockedUntil == null || !now.isBefore(s.blockedUntil);
            if (windowOver && unblocked) {
                it.remove();
            }
        }
    }
}

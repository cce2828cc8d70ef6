package org.bridgeway.transport;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import org.bridgeway.observability.Meters;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failed authentication goes through here, wherever it happened (a TLS handshake, which never reaches
 * Camel; a request without a usable identity; later a bad token): it is counted per source, audited within the
 * limits of {@link FailureLimit}, and a source over the limit is blocked for a window.
 *
 * <p>Audit entries name the reason code, the source address and the SHA-256 fingerprint of the certificate
 * presented, never a subject name or token. They are written by one background thread from a bounded queue:
 * handshakes run on the event loop, which must not wait for the database, and a flood beyond the queue is counted
 * rather than queued without end.
 */
public final class AuthenticationFailures implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationFailures.class);
    private static final String ACTOR = "gateway";
    private static final int MAX_QUEUED = 1_000;

    private final AuditLog auditLog;
    private final FailureRateLimiter limiter;
    private final FailureLimit limit;
    private final ScheduledExecutorService writer;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();

    private final Map<RefusalReason, Counter> refusals = new EnumMap<>(RefusalReason.class);
    private final Counter refusedWhileBlocked;

    public AuthenticationFailures(AuditLog auditLog, FailureLimit limit, Clock clock) {
        this(auditLog, limit, clock, Meters.none());
    }

    /**
     * Counts every refusal by its reason's code ({@code bridgeway.authentication.refusals}), floods included, and
     * refusals of a blocked source under the reason {@code blocked}.
     */
    public AuthenticationFailures(AuditLog auditLog, FailureLimit limit, Clock clock, MeterRegistry meters) {
        for (RefusalReason reason : RefusalReason.values()) {
            refusals.put(reason, refusalCounter(meters, reason.code()));
        }
        refusedWhileBlocked = refusalCounter(meters, "blocked");
        this.auditLog = auditLog;
        this.limit = limit;
        this.limiter = new FailureRateLimiter(limit, clock);
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "authentication-audit");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.writer = executor;
        long every = Math.max(1_000, Math.min(limit.window().toMillis(), 10_000));
        writer.scheduleWithFixedDelay(this::summariseEndedWindow, every, every, TimeUnit.MILLISECONDS);
    }

    private static Counter refusalCounter(MeterRegistry meters, String reason) {
        return Counter.builder("bridgeway.authentication.refusals")
                .description("API callers refused authentication, by the class of failure").tag("reason", reason)
                .register(meters);
    }

    /** Whether requests and handshakes from this source are refused outright for now. */
    public boolean blocked(String source) {
        return limiter.blocked(source);
    }

    /** For a Retry-After answer: how long the source stays blocked, at least one second. */
    public Duration retryAfter(String source) {
        Duration left = limiter.blockedFor(source);
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    /** A refusal of a blocked source: counted in the window's summary only. */
    public void refusedWhileBlocked(String source) {
        refusedWhileBlocked.increment();
        limiter.refusedWhileBlocked(source);
    }

    /** A failed authentication; {@code presented} is the certificate the caller presented, or null. */
    public void refused(String source, RefusalReason reason, X509Certificate presented) {
        refused(source, reason, null, presented);
    }

    /**
     * A failed authentication with a finer reason, the token validator's code ("certificate-mismatch"), audited
     * as {@code tokenReason}; null when there is none.
     */
    public void refused(String source, RefusalReason reason, String tokenReason, X509Certificate presented) {
        refusals.get(reason).increment();
        FailureRateLimiter.Verdict verdict = limiter.failure(source);
        if (verdict == FailureRateLimiter.Verdict.COUNT) {
            return; // neither audited nor logged one by one: a flood must not flood the logs either
        }
        LOG.info("authentication refused: {}{} from {}", reason.code(), tokenReason == null ? "" : "/" + tokenReason,
                source);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", reason.code());
        if (tokenReason != null) {
            details.put("tokenReason", tokenReason);
        }
        details.put("source", source);
        if (presented != null) {
            details.put("certificateSha256", PartnerCertificate.fingerprint(presented));
        }
        audit(new AuditEvent(AuditEventType.AUTHENTICATION_FAILED, null, ACTOR, null, details));
        if (verdict == FailureRateLimiter.Verdict.BLOCK) {
            LOG.warn("source {} blocked for {} after {} failed authentications", source, limit.window(),
                    limit.maxFailures());
            audit(new AuditEvent(AuditEventType.AUTHENTICATION_RATE_LIMITED, null, ACTOR, null, Map.of(
                    "kind", "blocked", "source", source, "failures", limit.maxFailures(),
                    "windowSeconds", limit.window().toSeconds())));
        }
    }

    private void summariseEndedWindow() {
        summarise(limiter.takeEndedWindow());
    }

    private void summarise(FailureRateLimiter.Summary summary) {
        long lost = dropped.getAndSet(0);
        if ((summary == null || summary.empty()) && lost == 0) {
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", "summary");
        if (summary != null) {
            details.put("windowStart", summary.windowStart().toString());
            details.put("windowEnd", summary.windowEnd().toString());
            details.put("unaudited", summary.unaudited());
            details.put("refusedWhileBlocked", summary.refusedWhileBlocked());
            details.put("blockedSources", summary.blockedSources());
        }
        details.put("notQueued", lost);
        write(new AuditEvent(AuditEventType.AUTHENTICATION_RATE_LIMITED, null, ACTOR, null, details));
    }

    private void audit(AuditEvent event) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet(); // still counted: the next summary says how many
            return;
        }
        try {
            writer.execute(() -> {
                queued.decrementAndGet();
                write(event);
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
        }
    }

    private void write(AuditEvent event) {
        try {
            auditLog.append(event);
        } catch (RuntimeException e) {
            // The refusal itself stands; only its record is missing, and the log says so.
            LOG.warn("could not audit a failed authentication ({}): {}", event.details().get("reason"), e.toString());
        }
    }

    /** Writes what is queued and the current window's summary, then stops. Call before closing the audit log. */
    @Override
    public void close() {
        try {
            writer.execute(() -> summarise(limiter.takeCurrentWindow()));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return;
        }
        writer.shutdown();
        try {
            if (!writer.awaitTermination(10, TimeUnit.SECONDS)) {
                writer.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            writer.shutdownNow();
        }
    }
}

package org.bridgeway.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.transport.FailureRateLimiter.Verdict;
import org.junit.jupiter.api.Test;

/** Per-source blocking and the audit budget, with a hand-moved clock. */
class FailureRateLimiterTest {
    private final AdjustableClock now = new AdjustableClock(Instant.now());

    @Test
    void aSourceIsBlockedAtTheLimitForOneWindowThenStartsAfresh() {
        FailureRateLimiter limiter = new FailureRateLimiter(new FailureLimit(3, Duration.ofMinutes(1), 100), now);
        assertThat(limiter.failure("10.0.0.1")).isEqualTo(Verdict.AUDIT);
        assertThat(limiter.failure("10.0.0.1")).isEqualTo(Verdict.AUDIT);
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
        assertThat(limiter.failure("10.0.0.1")).isEqualTo(Verdict.BLOCK);
        assertThat(limiter.blocked("10.0.0.1")).isTrue();
        assertThat(limiter.blocked("10.0.0.2")).as("another source").isFalse();
        assertThat(limiter.failure("10.0.0.1")).as("while blocked").isEqualTo(Verdict.COUNT);
        assertThat(limiter.blockedFor("10.0.0.1")).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));

        now.advance(Duration.ofSeconds(61));
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
        assertThat(limiter.failure("10.0.0.1")).as("a new window").isEqualTo(Verdict.AUDIT);
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void failuresSpreadOverMoreThanAWindowNeverBlock() {
        FailureRateLimiter limiter = new FailureRateLimiter(new FailureLimit(3, Duration.ofMinutes(1), 100), now);
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.failure("10.0.0.1")).isNotEqualTo(Verdict.BLOCK);
            now.advance(Duration.ofSeconds(31));
        }
        assertThat(limiter.blocked("10.0.0.1")).isFalse();
    }

    @Test
    void beyondTheWindowsAuditBudgetFailuresAreOnlyCountedAndSummarisedOnce() {
        FailureRateLimiter limiter = new FailureRateLimiter(new FailureLimit(2, Duration.ofMinutes(1), 5), now);
        int audited = 0;
        for (int i = 0; i < 50; i++) {
            Verdict verdict = limiter.failure("10.1.0." + i); // many sources, one failure each: none blocked
            if (verdict != Verdict.COUNT) {
                audited++;
            }
        }
        limiter.refusedWhileBlocked("10.9.9.9");
        assertThat(audited).isEqualTo(5);
        assertThat(limiter.takeEndedWindow()).as("the window has not ended").isNull();

        now.advance(Duration.ofSeconds(61));
        FailureRateLimiter.Summary summary = limiter.takeEndedWindow();
        assertThat(summary.unaudited()).isEqualTo(45);
        assertThat(summary.refusedWhileBlocked()).isEqualTo(1);
        assertThat(limiter.takeEndedWindow()).as("one summary per window").isNull();
        assertThat(limiter.failure("10.2.0.1")).as("a fresh budget").isEqualTo(Verdict.AUDIT);
    }
}

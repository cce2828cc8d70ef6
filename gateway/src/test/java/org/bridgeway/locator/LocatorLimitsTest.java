package org.bridgeway.locator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.bridgeway.testing.AdjustableClock;
import org.junit.jupiter.api.Test;

/** The per-caller limits on their own: a burst then a steady rate, and the probing rule, each caller apart. */
class LocatorLimitsTest {
    private final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-12-03T01:30:00Z"));
    private final LocatorLimits limits = new LocatorLimits(
            new LocatorSettings(Period.ofMonths(12), 30, 2, 3, Duration.ofMinutes(5)), clock);

    @Test
    void aBurstThenTheRateWithARetryAfterAndTheFirstRefusalOfASpellMarked() {
        assertThat(limits.ask("a").allowed()).isTrue();
        assertThat(limits.ask("a").allowed()).isTrue();
        LocatorLimits.Verdict refused = limits.ask("a");
        assertThat(refused.refusedBy()).isEqualTo(LocatorLimits.RATE_LIMITED);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(2)); // 30 a minute: one every 2 s
        assertThat(refused.firstOfSpell()).isTrue();
        assertThat(limits.ask("a").firstOfSpell()).as("the same spell").isFalse();
        assertThat(limits.ask("b").allowed()).as("another caller").isTrue();
        clock.advance(Duration.ofSeconds(2));
        assertThat(limits.ask("a").allowed()).isTrue();
    }

    @Test
    void missesWithinTheWindowTripTheProbingRuleForTheWindow() {
        assertThat(limits.answered("a", false).allowed()).isTrue();
        assertThat(limits.answered("a", true).allowed()).as("a match is no miss").isTrue();
        assertThat(limits.answered("a", false).allowed()).isTrue();
        LocatorLimits.Verdict tripped = limits.answered("a", false);
        assertThat(tripped.refusedBy()).isEqualTo(LocatorLimits.PROBING);
        assertThat(tripped.firstOfSpell()).isTrue();
        clock.advance(Duration.ofMinutes(4));
        assertThat(limits.ask("a").refusedBy()).isEqualTo(LocatorLimits.PROBING);
        assertThat(limits.ask("a").retryAfter()).isEqualTo(Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(1));
        assertThat(limits.ask("a").allowed()).isTrue();

        // misses spread wider than the window never trip it
        for (int i = 0; i < 6; i++) {
            assertThat(limits.answered("b", false).allowed() || i % 3 == 2).isTrue();
            clock.advance(Duration.ofMinutes(3));
        }
    }
}

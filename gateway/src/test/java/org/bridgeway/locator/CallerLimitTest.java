package org.bridgeway.locator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import org.junit.jupiter.api.Test;

/** The limits' arithmetic on its own, where nodes' clocks disagree, and how long a caller is kept. */
class CallerLimitTest {
    private static final LocatorSettings SETTINGS = new LocatorSettings(Period.ofMonths(12), 30, 2, 3,
            Duration.ofMinutes(5));
    private static final Instant T = Instant.parse("2026-12-03T01:30:00Z");

    @Test
    void aNodeWhoseClockIsBehindNeitherTakesTokensAwayNorCountsTheSameTimeTwice() {
        CallerLimit standing = CallerLimit.fresh(SETTINGS, T);
        assertThat(standing.ask(SETTINGS, T).allowed()).isTrue();
        assertThat(standing.ask(SETTINGS, T.minusSeconds(10)).allowed()).as("the second of the burst").isTrue();
        assertThat(standing.ask(SETTINGS, T.minusSeconds(10)).retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(standing.refilledAt).isEqualTo(T);
        assertThat(standing.ask(SETTINGS, T.plusSeconds(2)).allowed()).as("2 s after the last refill").isTrue();
        assertThat(standing.ask(SETTINGS, T.plusSeconds(2)).allowed()).isFalse();
    }

    @Test
    void aCallerIsKeptForTheProbingWindowOrWhileItsBucketRefillsWhenThatTakesLonger() {
        assertThat(CallerLimit.idle(SETTINGS)).isEqualTo(Duration.ofMinutes(5));
        assertThat(CallerLimit.idle(new LocatorSettings(Period.ofMonths(12), 1, 20, 3, Duration.ofMinutes(5))))
                .isEqualTo(Duration.ofMinutes(20).plusSeconds(1));
    }
}

package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.bridgeway.testing.AdjustableClock;
import org.junit.jupiter.api.Test;

/** An address that starts sign-in after sign-in is asked to wait out its window; others are not, and it may again. */
class SignInStartLimitTest {
    private final AdjustableClock clock = new AdjustableClock(Instant.parse("2026-12-04T03:00:00Z"));
    private final SignInStartLimit limit = new SignInStartLimit(3, Duration.ofMinutes(1), clock);

    @Test
    void theStartBeyondTheLimitWaitsForTheWindowsEnd() {
        for (int i = 0; i < 3; i++) {
            assertThat(limit.start("192.0.2.10")).isZero();
        }
        clock.advance(Duration.ofSeconds(20));
        assertThat(limit.start("192.0.2.10")).isEqualTo(Duration.ofSeconds(40));
        assertThat(limit.start("192.0.2.11")).as("another address is not held back").isZero();
        clock.advance(Duration.ofSeconds(40));
        assertThat(limit.start("192.0.2.10")).as("a new window").isZero();
    }
}

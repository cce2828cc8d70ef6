package org.bridgeway.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Warm-up rounds: settled only over a window of rounds, and never past the limit or a stop. */
class JitSettlingTest {
    @Test
    void roundsThatCompileNothingSettleOnceTheyFillTheWindow() throws Exception {
        JitSettling.Outcome outcome = JitSettling.run(round -> {
            Thread.sleep(250); // compiles nothing
            return 100 + round;
        }, Duration.ofSeconds(30), () -> false);

        assertThat(outcome.settled()).isTrue();
        assertThat(outcome.seconds()).as("not before a window's worth of rounds")
                .isGreaterThanOrEqualTo(JitSettling.WINDOW.toSeconds());
        assertThat(outcome.firstThroughput()).isEqualTo(100);
        assertThat(outcome.lastThroughput()).isEqualTo(100 + outcome.rounds().size() - 1);
        assertThat(outcome.rounds()).extracting(JitSettling.RoundResult::endSeconds).isSorted();
    }

    @Test
    void aStopOrTheLimitEndsTheRoundsUnsettled() throws Exception {
        AtomicInteger run = new AtomicInteger();
        JitSettling.Outcome stopped = JitSettling.run(round -> run.incrementAndGet(), Duration.ofSeconds(30),
                () -> run.get() == 3);
        assertThat(stopped.rounds()).hasSize(3);
        assertThat(stopped.settled()).isFalse();

        JitSettling.Outcome limited = JitSettling.run(round -> {
            Thread.sleep(100);
            return 1;
        }, Duration.ofMillis(350), () -> false);
        assertThat(limited.rounds()).hasSizeBetween(3, 4);
        assertThat(limited.settled()).as("the window was never filled").isFalse();

        assertThat(JitSettling.run(round -> 1, Duration.ZERO, () -> false).rounds()).isEmpty();
    }
}

package org.bridgeway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A check that hangs cannot hang the readiness probe, a check that throws says only what kind of failure it
 * was (an exception's message may quote a value, so it never reaches the answer), and a stopping gateway is not
 * ready.
 */
class ReadinessTest {

    @Test
    void aCheckThatDoesNotAnswerIsDownWithinItsTimeAndTheOthersAreStillReported() {
        CountDownLatch never = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Readiness readiness = new Readiness(registry)) {
            java.util.concurrent.atomic.AtomicInteger stuckRuns = new java.util.concurrent.atomic.AtomicInteger();
            readiness.add(HealthChecks.check("stuck", () -> {
                stuckRuns.incrementAndGet();
                never.await();
                return HealthCheck.Status.ok();
            })).add(HealthChecks.check("fine", HealthCheck.Status::ok));

            long started = System.nanoTime();
            List<Readiness.Result> results = readiness.run();
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertThat(took).isLessThan(Readiness.CHECK_TIMEOUT.plusSeconds(2));
            assertThat(results).extracting(Readiness.Result::name).containsExactly("stuck", "fine");
            assertThat(results.get(0).status().up()).isFalse();
            assertThat(results.get(0).status().reason()).contains("no answer within");
            assertThat(results.get(1).status().up()).isTrue();
            assertThat(registry.get("bridgeway.health.check").tag("check", "stuck").gauge().value()).isZero();
            assertThat(registry.get("bridgeway.health.check").tag("check", "fine").gauge().value()).isEqualTo(1);
            assertThat(registry.get("bridgeway.health.ready").gauge().value()).isZero();
        }
    }

    @Test
    void probesWhileACheckHangsWaitForItsRunningCheckInsteadOfStrandingAThreadEach() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        long threadsBefore = liveCheckThreads();
        int probes = 8;
        ExecutorService prober = Executors.newFixedThreadPool(probes);
        try (Readiness readiness = new Readiness(new SimpleMeterRegistry())) {
            java.util.concurrent.atomic.AtomicInteger stuckRuns = new java.util.concurrent.atomic.AtomicInteger();
            readiness.add(HealthChecks.check("stuck", () -> {
                stuckRuns.incrementAndGet();
                never.await();
                return HealthCheck.Status.ok();
            })).add(HealthChecks.check("fine", HealthCheck.Status::ok));

            for (int round = 0; round < 2; round++) {
                List<Future<Duration>> answered = new ArrayList<>();
                for (int i = 0; i < probes; i++) {
                    answered.add(prober.submit(() -> {
                        long started = System.nanoTime();
                        Readiness.Result stuck = readiness.run().get(0);
                        assertThat(stuck.status().up()).isFalse();
                        assertThat(stuck.status().reason()).contains("still running");
                        return Duration.ofNanos(System.nanoTime() - started);
                    }));
                }
                for (Future<Duration> took : answered) {
                    assertThat(took.get(Readiness.CHECK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS))
                            .isLessThan(Readiness.CHECK_TIMEOUT.plusSeconds(2));
                }
            }

            // the hung check was run once for all 16 probes: one thread blocked in it, not one per probe
            assertThat(stuckRuns).hasValue(1);
            // besides it, only the pool's few threads for the quick check (a cached pool may start one more when a
            // finished thread has not yet gone back to waiting): far fewer than the probes
            assertThat(liveCheckThreads() - threadsBefore).isLessThanOrEqualTo(4);
        } finally {
            never.countDown();
            prober.shutdownNow();
        }
    }

    private static long liveCheckThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(Readiness.THREAD_NAME)).count();
    }

    @Test
    void aCheckThatThrowsIsDownWithTheKindOfFailureOnly() {
        try (Readiness readiness = new Readiness(new SimpleMeterRegistry())) {
            readiness.add(HealthChecks.check("database", () -> {
                throw new java.sql.SQLException("no row for child Ottoline Brackenbury 9990000026");
            }));
            Readiness.Result result = readiness.run().get(0);
            assertThat(result.status().up()).isFalse();
            assertThat(result.status().reason()).isEqualTo("SQLException");
            assertThat(Readiness.body(readiness.run()).toString()).doesNotContain("Ottoline", "9990000026")
                    .contains("DOWN");
        }
    }

    @Test
    void aStoppingGatewayIsNotReadyWhateverItsDependenciesSay() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Readiness readiness = new Readiness(registry)) {
            readiness.add(HealthChecks.check("database", HealthCheck.Status::ok));
            assertThat(Readiness.body(readiness.run())).containsEntry("status", "UP");

            readiness.stopping();
            List<Readiness.Result> results = readiness.run();
            assertThat(results.get(0)).isEqualTo(new Readiness.Result("gateway",
                    HealthCheck.Status.down("stopping")));
            assertThat(Readiness.body(results)).containsEntry("status", "DOWN");
            assertThat(registry.get("bridgeway.health.ready").gauge().value()).isZero();
        }
    }
}

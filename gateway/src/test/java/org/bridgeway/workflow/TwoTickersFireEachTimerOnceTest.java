package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two deadline tickers on one real PostgreSQL database, as two gateway nodes have, on the same database and pipeline,
 * ticking at the same moments in small batches (the gateway's own ticker is held back, so that the two share the
 * work). Every due timer is claimed by one of them and raised once: no notice is decided twice, not even as a
 * duplicate.
 */
class TwoTickersFireEachTimerOnceTest {
    private static final Instant RETURNED = Instant.parse("2026-05-04T22:30:00Z");
    private static final int TASKS = 40;

    @TempDir
    Path data;

    @Test
    void everyDueTimerIsRaisedOnceByOneOfTwoTickers() throws Exception {
        AdjustableClock clock = new AdjustableClock(RETURNED.plus(Duration.ofMinutes(5)));
        System.setProperty(DeadlineTicker.INTERVAL_PROPERTY, "PT1H");
        try (GatewayFixture fixture = GatewayFixture.start(
                GatewayFixture.config(data, PostgresServer.newDatabase()), clock)) {
            Gateway gateway = fixture.gateway();
            for (int i = 0; i < TASKS; i++) {
                SyntheticPlacements.Spec s = SyntheticPlacements.EVERY_FIELD.get(i % 3);
                var standIn = SyntheticPlacements.notice(gateway.reference(), new SyntheticPlacements.Spec(
                        "kent-cms/test/two-" + i, s.localId(), s.nhsNumber(), s.upn(), s.givenName(), s.familyName(),
                        s.sex(), s.dateOfBirth(), s.ethnicity(), s.homePostcode(), s.startDate(),
                        s.reasonForNewEpisode(), s.legalStatus(), s.categoryOfNeed(), s.type(), s.provider(),
                        s.postcode(), s.providerUrn(), s.reasonForChange(), s.risks()));
                gateway.submit(standIn);
                gateway.returnInterviews().opened(new EpisodeReturned(String.format("ME-two-%04d", i),
                        new DfeLaCode("886"), Optional.empty(), RETURNED, standIn.idempotencyKey(), Optional.empty(),
                        Optional.empty(), Optional.empty()));
            }
            // two nodes: each its own ticker, the same database, the same one pipeline
            PipelineTaskNotices notices = new PipelineTaskNotices(gateway::submit, gateway.reference(),
                    ReturnInterviewDeadlines.load(gateway.config().workflowsDirectory(), gateway.reference()));
            DeadlineTicker first = new DeadlineTicker(gateway.dataSource(), notices, clock,
                    DeadlineTicker.DEFAULT_LEASE, 7);
            DeadlineTicker second = new DeadlineTicker(gateway.dataSource(), notices, clock,
                    DeadlineTicker.DEFAULT_LEASE, 7);
            clock.advance(Duration.ofHours(80)); // every OPENED, REMINDER and OVERDUE is due

            ExecutorService both = Executors.newFixedThreadPool(2);
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Integer>> fired = new ArrayList<>();
            for (DeadlineTicker ticker : List.of(first, second)) {
                fired.add(both.submit(() -> {
                    together.await();
                    int n = 0;
                    for (int round = 0; round < 60 && pending(gateway) > 0; round++) {
                        n += ticker.tick().fired();
                    }
                    return n;
                }));
            }
            int byTheTwo = fired.get(0).get() + fired.get(1).get();
            both.shutdown();

            assertThat(pending(gateway)).isZero();
            assertThat(count(gateway, "SELECT COUNT(*) FROM rhi_timer WHERE state = 'FIRED'")).isEqualTo(3L * TASKS);
            assertThat(count(gateway, "SELECT COUNT(*) FROM notice_key WHERE idempotency_key LIKE 'rhi-timer:%'"))
                    .isEqualTo(3L * TASKS);
            assertThat(fixture.outcomes(Outcome.Duplicate.class)).isEmpty();
            assertThat(fired.get(0).get()).as("the first node took its share").isPositive();
            assertThat(fired.get(1).get()).as("the second node took its share").isPositive();
            assertThat(byTheTwo).isEqualTo(3 * TASKS);
        } finally {
            System.clearProperty(DeadlineTicker.INTERVAL_PROPERTY);
        }
    }

    private static long pending(Gateway gateway) {
        return count(gateway, "SELECT COUNT(*) FROM rhi_timer WHERE state = 'PENDING'");
    }

    private static long count(Gateway gateway, String sql) {
        try (Connection c = gateway.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

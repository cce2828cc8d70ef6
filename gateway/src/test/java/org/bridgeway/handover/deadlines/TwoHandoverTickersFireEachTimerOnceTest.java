package org.bridgeway.handover.deadlines;

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
import org.bridgeway.gateway.GatewayConfig;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.workflow.DeadlineTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two custody handover tickers on one database, as two gateway nodes have, ticking at the same moments in small
 * batches (the gateway's own ticker held back): every due timer is claimed by one of them and raised once, on H2
 * (where the conditional claim alone decides) and on PostgreSQL (SKIP LOCKED first).
 */
class TwoHandoverTickersFireEachTimerOnceTest {
    private static final Instant REQUESTED = Instant.parse("2026-12-04T01:30:00Z");
    private static final int HANDOVERS = 20;
    /** Two acknowledgement reminders and two overdue, two answer reminders (Kent's) and the answer overdue. */
    private static final int TIMERS_EACH = 7;

    @TempDir
    Path data;

    @AfterEach
    void tickAgain() {
        System.clearProperty(DeadlineTicker.INTERVAL_PROPERTY);
    }

    @Test
    void onH2() throws Exception {
        everyDueTimerIsRaisedOnceByOneOfTwoTickers(GatewayFixture.config(data));
    }

    @Test
    void onPostgres() throws Exception {
        everyDueTimerIsRaisedOnceByOneOfTwoTickers(GatewayFixture.config(data, PostgresServer.newDatabase()));
    }

    private void everyDueTimerIsRaisedOnceByOneOfTwoTickers(GatewayConfig config) throws Exception {
        AdjustableClock clock = new AdjustableClock(REQUESTED);
        System.setProperty(DeadlineTicker.INTERVAL_PROPERTY, "PT1H");
        try (GatewayFixture fixture = GatewayFixture.start(config, clock)) {
            Gateway gateway = fixture.gateway();
            HandoverSteps ledger = new HandoverSteps(gateway.dataSource(), gateway.handoverTimers());
            for (int i = 0; i < HANDOVERS; i++) {
                ledger.requested(HandoverSteps.request(HandoverSteps.newId(), REQUESTED,
                        Optional.empty()), true);
            }
            PipelineHandoverDeadlineNotices notices = new PipelineHandoverDeadlineNotices(gateway::submit,
                    gateway.reference(), gateway.directory());
            List<HandoverDeadlineTicker> nodes = List.of(
                    new HandoverDeadlineTicker(gateway.dataSource(), notices, clock, DeadlineTicker.DEFAULT_LEASE, 7),
                    new HandoverDeadlineTicker(gateway.dataSource(), notices, clock, DeadlineTicker.DEFAULT_LEASE, 7));
            clock.advance(Duration.ofMinutes(61)); // every acknowledgement and answer timer is due

            ExecutorService both = Executors.newFixedThreadPool(2);
            CyclicBarrier together = new CyclicBarrier(2);
            List<Future<Integer>> fired = new ArrayList<>();
            for (HandoverDeadlineTicker ticker : nodes) {
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
            assertThat(byTheTwo).isEqualTo(TIMERS_EACH * HANDOVERS);
            assertThat(count(gateway, "SELECT COUNT(*) FROM notice_key WHERE idempotency_key LIKE"
                    + " 'custody-handover-deadline:%'")).isEqualTo((long) TIMERS_EACH * HANDOVERS);
            assertThat(fixture.outcomes(Outcome.Duplicate.class)).isEmpty();
            assertThat(fired.get(0).get()).as("the first node took its share").isPositive();
            assertThat(fired.get(1).get()).as("the second node took its share").isPositive();
        }
    }

    private static long pending(Gateway gateway) {
        return count(gateway, "SELECT COUNT(*) FROM custody_handover_timer WHERE state = 'PENDING'");
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

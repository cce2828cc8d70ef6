package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.model.TaskEvent;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.policy.RecordedDecision;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Return home interview timers on a real gateway (H2, Artemis, the one pipeline) and a clock the test moves: each
 * timer raises its notice once, at its time, to whoever holds the task then; a completed task raises nothing more;
 * timers survive a restart; a timer raised again after a crash is a duplicate the pipeline does not deliver.
 *
 * <p>Until the episode ledger opens tasks from FOUND updates, a placement notice accepted by the pipeline stands in
 * for the FOUND update: a task's timers ask only that the notice they follow from was accepted.
 */
class ReturnInterviewTimersFireOnceTest {
    private static final Instant RETURNED = Instant.parse("2026-05-04T22:30:00Z");
    private static final DfeLaCode KENT = new DfeLaCode("886");
    private static final DfeLaCode MANCHESTER = new DfeLaCode("352");
    private static final Organisation MANCHESTER_LA = new Organisation(OrganisationType.LOCAL_AUTHORITY, "352", null);

    @TempDir
    Path data;

    private final AdjustableClock clock = new AdjustableClock(RETURNED.plus(Duration.ofMinutes(40)));
    private GatewayFixture fixture;
    private int found;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void anOpenedTaskTellsOfItselfAtOnceThenRemindsADayBeforeItsDeadlineAndEscalatesAtItOnceEach() {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0001", Optional.of(MANCHESTER));

        awaitFired(gateway, task, List.of(TaskEvent.OPENED));
        clock.advance(Duration.ofHours(47).plusMinutes(19)); // 47h59m after the return: the reminder is a minute off
        tickTwice(gateway);
        assertThat(fired(gateway, task)).containsExactly(TaskEvent.OPENED);

        clock.advance(Duration.ofMinutes(1)); // 72h - 24h after the return
        awaitFired(gateway, task, List.of(TaskEvent.OPENED, TaskEvent.REMINDER));
        clock.advance(Duration.ofHours(24)); // the deadline
        awaitFired(gateway, task, List.of(TaskEvent.OPENED, TaskEvent.REMINDER, TaskEvent.OVERDUE));
        clock.advance(Duration.ofDays(10));
        tickTwice(gateway);

        assertThat(fired(gateway, task)).containsExactly(TaskEvent.OPENED, TaskEvent.REMINDER, TaskEvent.OVERDUE);
        assertThat(raisedNotices(gateway, task)).hasSize(3);
        assertThat(fixture.outcomes(Outcome.Duplicate.class)).isEmpty();
        // the overdue escalation considers the host authority; the reminder only the holder (Kent is its own
        // escalation mailbox by default, and is told once as the holder)
        assertThat(recipients(gateway, timerExchange(gateway, task, TaskEvent.REMINDER)))
                .containsExactly("local-authority:352", "local-authority:886");
        assertThat(recipients(gateway, timerExchange(gateway, task, TaskEvent.OVERDUE)))
                .containsExactly("local-authority:352", "local-authority:886");
    }

    @Test
    void aReassignedTaskRemindsItsNewHolder() {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0002", Optional.empty());
        awaitFired(gateway, task, List.of(TaskEvent.OPENED));
        assertThat(recipients(gateway, timerExchange(gateway, task, TaskEvent.OPENED)))
                .containsExactly("local-authority:886");

        ReturnInterviewTask handed = gateway.returnInterviews().reassign(task, MANCHESTER_LA).orElseThrow();
        assertThat(handed.owner()).isEqualTo(MANCHESTER_LA);
        awaitFired(gateway, task, List.of(TaskEvent.OPENED, TaskEvent.REASSIGNED));
        clock.advance(Duration.ofHours(48));
        awaitFired(gateway, task, List.of(TaskEvent.OPENED, TaskEvent.REASSIGNED, TaskEvent.REMINDER));

        // the new holder, and Kent's escalation mailbox (Kent itself), which no longer holds the task
        assertThat(recipients(gateway, timerExchange(gateway, task, TaskEvent.REASSIGNED)))
                .containsExactly("local-authority:352", "local-authority:886");
        assertThat(recipients(gateway, timerExchange(gateway, task, TaskEvent.REMINDER)))
                .containsExactly("local-authority:352", "local-authority:886");
        assertThat(gateway.returnInterviews().tasksOf(MANCHESTER_LA, 10)).extracting(ReturnInterviewTask::taskId)
                .containsExactly(task);
    }

    @Test
    void anAcceptedOutcomeCompletesTheTaskAndNoFurtherTimerFires() {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0003", Optional.empty());
        awaitFired(gateway, task, List.of(TaskEvent.OPENED));

        gateway.returnInterviews().completed("ME-rhi-0003", "outcome-exchange-1");
        awaitFired(gateway, task, List.of(TaskEvent.OPENED, TaskEvent.COMPLETED));
        clock.advance(Duration.ofDays(5));
        tickTwice(gateway);

        assertThat(fired(gateway, task)).containsExactly(TaskEvent.OPENED, TaskEvent.COMPLETED);
        assertThat(gateway.returnInterviews().task(task).orElseThrow().state()).isEqualTo(ReturnInterviewTask.COMPLETED);
        assertThat(gateway.returnInterviews().task(task).orElseThrow().outcomeExchangeId())
                .contains("outcome-exchange-1");
    }

    @Test
    void anOutcomeThatWasNeverAcceptedLeavesTheTaskOpenAndItsDeadlineRunning() {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0004", Optional.empty());
        awaitFired(gateway, task, List.of(TaskEvent.OPENED));

        // the outcome's step ran, then its audit transaction failed: its key never reached notice_key
        gateway.returnInterviews().outcomeReceived("ME-rhi-0004", "refused-exchange", Optional.of("never-accepted"));
        clock.advance(Duration.ofHours(72));
        awaitFired(gateway, task, List.of(TaskEvent.OPENED, TaskEvent.REMINDER, TaskEvent.OVERDUE));

        assertThat(gateway.returnInterviews().task(task).orElseThrow().open()).isTrue();
    }

    @Test
    void aTaskWhoseFoundUpdateWasNeverAcceptedRaisesNothing() {
        Gateway gateway = start();
        gateway.returnInterviews().opened(new EpisodeReturned("ME-rhi-0005", KENT, Optional.empty(), RETURNED,
                "a-found-update-refused-by-the-audit-log", Optional.empty(), Optional.empty(), Optional.empty()));
        String task = gateway.returnInterviews().taskOf("ME-rhi-0005").orElseThrow();

        clock.advance(Duration.ofDays(4));
        tickTwice(gateway);

        assertThat(fired(gateway, task)).isEmpty();
    }

    @Test
    void openingIsIdempotentPerEpisode() {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0006", Optional.empty());
        gateway.returnInterviews().opened(new EpisodeReturned("ME-rhi-0006", KENT, Optional.empty(), RETURNED,
                "another-key", Optional.empty(), Optional.empty(), Optional.empty()));

        assertThat(gateway.returnInterviews().taskOf("ME-rhi-0006")).contains(task);
        assertThat(count(gateway.dataSource(), "SELECT COUNT(*) FROM rhi_timer")).isEqualTo(3);
    }

    @Test
    void aTimerDueWhileTheGatewayWasDownFiresOnceAfterTheRestart() {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0007", Optional.empty());
        awaitFired(gateway, task, List.of(TaskEvent.OPENED));
        fixture.close();
        fixture = null;

        clock.advance(Duration.ofHours(50)); // the reminder fell due while no gateway ran
        Gateway restarted = start();
        awaitFired(restarted, task, List.of(TaskEvent.OPENED, TaskEvent.REMINDER));
        tickTwice(restarted);

        assertThat(fired(restarted, task)).containsExactly(TaskEvent.OPENED, TaskEvent.REMINDER);
        assertThat(raisedNotices(restarted, task)).hasSize(2);
    }

    @Test
    void aTimerRaisedAgainAfterACrashBeforeItWasMarkedFiredIsADuplicateAndNotDeliveredTwice() throws Exception {
        Gateway gateway = start();
        String task = open(gateway, "ME-rhi-0008", Optional.empty());
        awaitFired(gateway, task, List.of(TaskEvent.OPENED));
        String first = timerExchange(gateway, task, TaskEvent.OPENED);
        // as if the node had died after the pipeline committed the notice and before it marked the timer fired
        try (Connection c = gateway.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE rhi_timer SET state = 'PENDING', fired_at = NULL,"
                     + " exchange_id = NULL, lease_owner = 'a-dead-node', lease_until = ? WHERE task_id = ?")) {
            ps.setTimestamp(1, java.sql.Timestamp.from(clock.instant().minusSeconds(1))); // its lease has run out
            ps.setString(2, task);
            ps.executeUpdate();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.outcomes(Outcome.Duplicate.class).isEmpty());
        awaitFired(gateway, task, List.of(TaskEvent.OPENED));

        assertThat(timerExchange(gateway, task, TaskEvent.OPENED)).isEqualTo(first);
        assertThat(raisedNotices(gateway, task)).hasSize(1);
        // decided and delivered (or denied) once for its one recipient: the second raising went no further
        assertThat(fixture.outcomes().stream().filter(o -> o instanceof Outcome.Delivered delivered
                ? delivered.exchangeId().equals(first)
                : o instanceof Outcome.Denied denied && denied.exchangeId().equals(first)))
                .hasSize(recipients(gateway, first).size());
    }

    private Gateway start() {
        fixture = GatewayFixture.start(GatewayFixture.config(data), clock);
        return fixture.gateway();
    }

    /** Opens the episode's task as the ledger would on an accepted FOUND update (see the class comment). */
    private String open(Gateway gateway, String episodeId, Optional<DfeLaCode> host) {
        SyntheticPlacements.Spec s = SyntheticPlacements.EVERY_FIELD.get(0);
        SyntheticPlacements.Spec foundStandIn = new SyntheticPlacements.Spec("kent-cms/test/rhi-" + (++found),
                s.localId(), s.nhsNumber(), s.upn(), s.givenName(), s.familyName(), s.sex(), s.dateOfBirth(),
                s.ethnicity(), s.homePostcode(), s.startDate(), s.reasonForNewEpisode(), s.legalStatus(),
                s.categoryOfNeed(), s.type(), s.provider(), s.postcode(), s.providerUrn(), s.reasonForChange(),
                s.risks());
        var accepted = SyntheticPlacements.notice(gateway.reference(), foundStandIn);
        gateway.submit(accepted);
        gateway.returnInterviews().opened(new EpisodeReturned(episodeId, KENT, host, RETURNED,
                accepted.idempotencyKey(), Optional.of("KNT-24-0412"), Optional.of("kent"),
                Optional.of("KTZ70411")));
        return gateway.returnInterviews().taskOf(episodeId).orElseThrow();
    }

    private static void tickTwice(Gateway gateway) {
        gateway.deadlineTicker().tick();
        gateway.deadlineTicker().tick();
    }

    private static void awaitFired(Gateway gateway, String task, List<TaskEvent> events) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> fired(gateway, task).equals(events));
    }

    /** The task's fired timers, in the order they were due. */
    private static List<TaskEvent> fired(Gateway gateway, String task) {
        List<TaskEvent> events = new ArrayList<>();
        query(gateway.dataSource(), "SELECT kind FROM rhi_timer WHERE task_id = ? AND state = 'FIRED'"
                + " ORDER BY due_at, fired_at", task, rs -> events.add(TaskEvent.valueOf(rs.getString(1))));
        return events;
    }

    private static String timerExchange(Gateway gateway, String task, TaskEvent event) {
        List<String> ids = new ArrayList<>();
        query(gateway.dataSource(), "SELECT exchange_id FROM rhi_timer WHERE task_id = ? AND kind = '" + event.name()
                + "' AND state = 'FIRED'", task, rs -> ids.add(rs.getString(1)));
        assertThat(ids).hasSize(1);
        return ids.get(0);
    }

    /** The notices the pipeline accepted for the task's timers, by idempotency key. */
    private static Map<String, String> raisedNotices(Gateway gateway, String task) {
        Map<String, String> accepted = new TreeMap<>();
        query(gateway.dataSource(), "SELECT k.idempotency_key, k.exchange_id FROM notice_key k JOIN rhi_timer t"
                + " ON k.idempotency_key = 'rhi-timer:' || t.timer_id WHERE t.task_id = ?", task,
                rs -> accepted.put(rs.getString(1), rs.getString(2)));
        return accepted;
    }

    private static List<String> recipients(Gateway gateway, String exchangeId) {
        return gateway.decisionLog().forExchange(exchangeId).stream().map(RecordedDecision::recipient).sorted()
                .toList();
    }

    private interface Row {
        void read(ResultSet rs) throws Exception;
    }

    private static void query(DataSource db, String sql, String parameter, Row row) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    row.read(rs);
                }
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long count(DataSource db, String sql) {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

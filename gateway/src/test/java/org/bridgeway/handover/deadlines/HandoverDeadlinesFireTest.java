package org.bridgeway.handover.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.bridgeway.handover.deadlines.HandoverSteps.DEVON;
import static org.bridgeway.handover.deadlines.HandoverSteps.request;

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
import java.util.stream.Collectors;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.HandoverDeadlineEvent;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.workflow.DeadlineTicker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Custody handover timers firing on a real gateway (H2, Artemis, the one pipeline, the shipped agreements and
 * directory) with a clock the test moves and the ticker ticked by hand: each event's notice reaches exactly the
 * contract's recipients, minimised by ISA-CH-DEADLINE-2026; timers survive a restart; a timer fired again is a
 * duplicate the pipeline does not deliver. A Kent custody suite (886) holds a Devon child (878) for Kent Police.
 */
class HandoverDeadlinesFireTest {
    private static final Instant REQUESTED = Instant.parse("2026-12-04T01:30:00Z");
    private static final Instant COURT = Instant.parse("2026-12-04T10:00:00Z");
    private static final String KENT_LA = "local-authority:886";
    private static final String DEVON_LA = "local-authority:878";
    private static final String KENT_POLICE = "police:kent";
    private static final List<String> EVERY_FIELD = List.of("handover.id", "deadline.event", "deadline.authority",
            "deadline.dueAt", "custody.force", "custody.reference", "handover.suiteAuthority",
            "handover.responsibleAuthority", "deadline.escalationContact", "deadline.prompt");

    @TempDir
    Path data;

    private final AdjustableClock clock = new AdjustableClock(REQUESTED);
    private GatewayFixture fixture;

    @BeforeAll
    static void holdTheTickerBack() {
        System.setProperty(DeadlineTicker.INTERVAL_PROPERTY, "PT1H");
    }

    @AfterAll
    static void tickAgain() {
        System.clearProperty(DeadlineTicker.INTERVAL_PROPERTY);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void eachDeadlineReachesExactlyTheContractsRecipientsMinimised() throws Exception {
        Gateway gateway = start();
        HandoverSteps ledger = new HandoverSteps(gateway.dataSource(), gateway.handoverTimers());
        String id = HandoverSteps.newId();
        ledger.requested(request(id, REQUESTED, Optional.of(COURT)), true);

        clock.advance(Duration.ofMinutes(15));
        gateway.handoverDeadlineTicker().tick();
        // a reminder to each asked authority that has not acknowledged, at its handover mailbox
        assertThat(delivered(gateway, id, "ACKNOWLEDGEMENT_REMINDER", "886")).containsOnlyKeys(KENT_LA);
        assertThat(delivered(gateway, id, "ACKNOWLEDGEMENT_REMINDER", "878")).containsOnlyKeys(DEVON_LA);
        assertThat(delivered(gateway, id, "ACKNOWLEDGEMENT_REMINDER", "886").get(KENT_LA).fields())
                .doesNotContain("deadline.escalationContact");
        // overdue: the silent authority's escalation, with its escalation contact; the other asked authority
        // without it
        Map<String, Outcome.Delivered> devonSilent = delivered(gateway, id, "ACKNOWLEDGEMENT_OVERDUE", "878");
        assertThat(devonSilent).containsOnlyKeys(DEVON_LA, KENT_LA);
        assertThat(devonSilent.get(DEVON_LA).fields()).containsExactlyInAnyOrderElementsOf(EVERY_FIELD);
        assertThat(devonSilent.get(KENT_LA).withheld()).containsExactlyInAnyOrder("deadline.escalationContact",
                "handover.suiteAuthority", "handover.responsibleAuthority");

        clock.advance(Duration.ofMinutes(45));
        gateway.handoverDeadlineTicker().tick();
        // nobody answered: every asked authority's escalation, and the custody officer with every field the notice
        // has (the answer is every asked authority's: no one authority is named)
        Map<String, Outcome.Delivered> unanswered = delivered(gateway, id, "ANSWER_OVERDUE", null);
        assertThat(unanswered).containsOnlyKeys(KENT_LA, DEVON_LA, KENT_POLICE);
        assertThat(unanswered.get(KENT_POLICE).fields()).containsExactlyInAnyOrderElementsOf(
                EVERY_FIELD.stream().filter(f -> !f.equals("deadline.authority")).toList());
        assertThat(unanswered.get(KENT_POLICE).withheld()).isEmpty();
        assertThat(PipelineHandoverDeadlineNotices.prompt(HandoverDeadlineEvent.ANSWER_OVERDUE))
                .contains("Nobody has accepted", "s.38(7) certificate workflow opens");

        ledger.answered(id, DEVON, clock.instant().plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(10).plus(Duration.ofHours(4)));
        gateway.handoverDeadlineTicker().tick();
        // not collected: the owner's escalation and the custody officer; Kent, no longer concerned, hears nothing
        assertThat(delivered(gateway, id, "COLLECTION_OVERDUE", "878")).containsOnlyKeys(DEVON_LA, KENT_POLICE);
        assertThat(fired(gateway, id)).containsExactly(
                "ACKNOWLEDGEMENT_REMINDER", "ACKNOWLEDGEMENT_REMINDER", "ACKNOWLEDGEMENT_OVERDUE",
                "ACKNOWLEDGEMENT_OVERDUE", "ANSWER_REMINDER", "ANSWER_REMINDER", "ANSWER_OVERDUE",
                "COLLECTION_REMINDER", "COLLECTION_REMINDER", "COLLECTION_OVERDUE");
        assertThat(fixture.outcomes(Outcome.Denied.class)).isEmpty();
    }

    @Test
    void timersSurviveARestartAndAClosedHandoverFiresNothingMore() throws Exception {
        Gateway gateway = start();
        String id = HandoverSteps.newId();
        String closed = HandoverSteps.newId();
        HandoverSteps ledger = new HandoverSteps(gateway.dataSource(), gateway.handoverTimers());
        ledger.requested(request(id, REQUESTED, Optional.empty()), true);
        ledger.requested(request(closed, REQUESTED, Optional.empty()), true);
        ledger.closed(closed, REQUESTED.plus(Duration.ofMinutes(5)));
        fixture.close();

        clock.advance(Duration.ofMinutes(61));
        gateway = start();
        gateway.handoverDeadlineTicker().tick();

        assertThat(fired(gateway, id)).hasSize(7).endsWith("ANSWER_OVERDUE");
        assertThat(fired(gateway, closed)).isEmpty();
    }

    @Test
    void aTimerFiredAgainAfterACrashBeforeItWasMarkedFiredIsADuplicateNotDeliveredTwice() throws Exception {
        Gateway gateway = start();
        String id = HandoverSteps.newId();
        new HandoverSteps(gateway.dataSource(), gateway.handoverTimers())
                .requested(request(id, REQUESTED, Optional.empty()), true);
        clock.advance(Duration.ofMinutes(61));
        gateway.handoverDeadlineTicker().tick();
        String first = exchangeOf(gateway, id, "ANSWER_OVERDUE", null);
        int deliveries = delivered(gateway, id, "ANSWER_OVERDUE", null).size();
        // the crash: the notice was accepted, the timer never marked fired
        execute(gateway, "UPDATE custody_handover_timer SET state = 'PENDING', exchange_id = NULL, fired_at = NULL"
                + " WHERE handover_id = '" + id + "' AND event = 'ANSWER_OVERDUE'");

        gateway.handoverDeadlineTicker().tick();

        assertThat(exchangeOf(gateway, id, "ANSWER_OVERDUE", null)).isEqualTo(first);
        await().atMost(Duration.ofSeconds(20)).until(() -> !fixture.outcomes(Outcome.Duplicate.class).isEmpty());
        assertThat(fixture.outcomes(Outcome.Delivered.class).stream().filter(d -> d.exchangeId().equals(first)))
                .hasSize(deliveries);
    }

    private Gateway start() {
        fixture = GatewayFixture.start(GatewayFixture.config(data), clock);
        return fixture.gateway();
    }

    /** The deliveries of the fired timer's notice, by recipient, once the pipeline has delivered them. */
    private Map<String, Outcome.Delivered> delivered(Gateway gateway, String handoverId, String event,
                                                     String authority) {
        String exchangeId = exchangeOf(gateway, handoverId, event, authority);
        int decided = gateway.decisionLog().forExchange(exchangeId).size();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> decided > 0
                && fixture.outcomes(Outcome.Delivered.class).stream()
                        .filter(d -> d.exchangeId().equals(exchangeId)).count() == decided);
        return fixture.outcomes(Outcome.Delivered.class).stream().filter(d -> d.exchangeId().equals(exchangeId))
                .collect(Collectors.toMap(Outcome.Delivered::recipient, d -> d, (a, b) -> a, TreeMap::new));
    }

    private static String exchangeOf(Gateway gateway, String handoverId, String event, String authority) {
        List<String> ids = new ArrayList<>();
        query(gateway, "SELECT exchange_id FROM custody_handover_timer WHERE handover_id = '" + handoverId
                + "' AND event = '" + event + "' AND state = 'FIRED' AND "
                + (authority == null ? "authority IS NULL" : "authority = '" + authority + "'")
                + " ORDER BY due_at DESC", ids);
        assertThat(ids).as(event + " fired").isNotEmpty();
        return ids.get(0);
    }

    private static List<String> fired(Gateway gateway, String handoverId) {
        List<String> events = new ArrayList<>();
        query(gateway, "SELECT event FROM custody_handover_timer WHERE handover_id = '" + handoverId
                + "' AND state = 'FIRED' ORDER BY due_at, event", events);
        return events;
    }

    private static void query(Gateway gateway, String sql, List<String> into) {
        try (Connection c = gateway.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.add(rs.getString(1));
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void execute(Gateway gateway, String sql) {
        try (Connection c = gateway.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}

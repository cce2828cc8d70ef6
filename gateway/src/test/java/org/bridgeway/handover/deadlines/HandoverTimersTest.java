package org.bridgeway.handover.deadlines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.handover.deadlines.HandoverSteps.DEVON;
import static org.bridgeway.handover.deadlines.HandoverSteps.KENT;
import static org.bridgeway.handover.deadlines.HandoverSteps.request;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.handover.HandoverTimers;
import org.bridgeway.testing.AdjustableClock;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.workflow.DeadlineTicker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custody handover timers as the handover steps start and stop them, in the steps' own transactions, on a real
 * gateway's database (H2) with the shipped deadline data (Kent 886: the answer reminded 30 and 10 minutes before;
 * Devon 878: four hours to collect). The ticker is held back: these are the rows, not their firing.
 */
class HandoverTimersTest {
    private static final Instant REQUESTED = Instant.parse("2026-12-04T01:30:00Z");
    private static final Instant COURT = Instant.parse("2026-12-04T10:00:00Z");

    @TempDir
    Path data;

    private GatewayFixture fixture;
    private HandoverSteps ledger;
    private HandoverTimers timers;

    @BeforeEach
    void start() {
        System.setProperty(DeadlineTicker.INTERVAL_PROPERTY, "PT1H");
        fixture = GatewayFixture.start(GatewayFixture.config(data), new AdjustableClock(REQUESTED));
        Gateway gateway = fixture.gateway();
        timers = gateway.handoverTimers();
        ledger = new HandoverSteps(gateway.dataSource(), timers);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @AfterAll
    static void tickAgain() {
        System.clearProperty(DeadlineTicker.INTERVAL_PROPERTY);
    }

    @Test
    void theDeadlinesOfARequestAreTheShortestOfTheAskedAuthoritiesAndTheCourtSittingUntilAnAnswer() {
        HandoverTimers.Deadlines d = timers.deadlinesFor(request(HandoverSteps.newId(), REQUESTED,
                Optional.of(COURT)));

        assertThat(d.acknowledgeBy()).isEqualTo(REQUESTED.plus(Duration.ofMinutes(15)));
        assertThat(d.answerBy()).isEqualTo(REQUESTED.plus(Duration.ofMinutes(60)));
        assertThat(d.collectBy()).contains(COURT);
    }

    @Test
    void aRequestSchedulesEachAskedAuthoritysAcknowledgementAndTheAnswerInItsTransactionOnly() throws Exception {
        String refused = HandoverSteps.newId();
        ledger.requested(request(refused, REQUESTED, Optional.of(COURT)), false);
        assertThat(ledger.timers(refused)).isEmpty();
        assertThat(timers.deadlinesOf(refused)).isEmpty();

        String id = HandoverSteps.newId();
        ledger.requested(request(id, REQUESTED, Optional.of(COURT)), true);

        assertThat(ledger.timers(id)).containsExactly(
                "ACKNOWLEDGEMENT_REMINDER 878 PENDING", "ACKNOWLEDGEMENT_REMINDER 886 PENDING",
                "ACKNOWLEDGEMENT_OVERDUE 878 PENDING", "ACKNOWLEDGEMENT_OVERDUE 886 PENDING",
                "ANSWER_REMINDER - PENDING", "ANSWER_REMINDER - PENDING", "ANSWER_OVERDUE - PENDING");
        // Kent's answer reminders (its override), 30 and 10 minutes before the hour
        assertThat(ledger.firesAt(id, "ACKNOWLEDGEMENT_REMINDER", Optional.of(KENT)))
                .isEqualTo(REQUESTED.plus(Duration.ofMinutes(10)));
        assertThat(timers.deadlinesOf(id)).contains(new HandoverTimers.Deadlines(
                REQUESTED.plus(Duration.ofMinutes(15)), REQUESTED.plus(Duration.ofMinutes(60)), Optional.of(COURT)));
    }

    @Test
    void anAcknowledgementStopsThatAuthoritysAcknowledgementTimersOnly() throws Exception {
        String id = HandoverSteps.newId();
        ledger.requested(request(id, REQUESTED, Optional.of(COURT)), true);

        ledger.acknowledged(id, DEVON, REQUESTED.plus(Duration.ofMinutes(4)));

        assertThat(ledger.timers(id)).containsExactly(
                "ACKNOWLEDGEMENT_REMINDER 878 CANCELLED", "ACKNOWLEDGEMENT_REMINDER 886 PENDING",
                "ACKNOWLEDGEMENT_OVERDUE 878 CANCELLED", "ACKNOWLEDGEMENT_OVERDUE 886 PENDING",
                "ANSWER_REMINDER - PENDING", "ANSWER_REMINDER - PENDING", "ANSWER_OVERDUE - PENDING");
    }

    @Test
    void anAnswerStopsTheAnswerTimersAndStartsTheOwnersCollectionNeverAfterTheCourtSitting() throws Exception {
        String id = HandoverSteps.newId();
        ledger.requested(request(id, REQUESTED, Optional.of(COURT)), true);
        Instant answered = REQUESTED.plus(Duration.ofMinutes(40));

        ledger.answered(id, DEVON, answered);

        assertThat(ledger.timers(id)).containsExactly(
                "ACKNOWLEDGEMENT_REMINDER 878 CANCELLED", "ACKNOWLEDGEMENT_REMINDER 886 CANCELLED",
                "ACKNOWLEDGEMENT_OVERDUE 878 CANCELLED", "ACKNOWLEDGEMENT_OVERDUE 886 CANCELLED",
                "ANSWER_REMINDER - CANCELLED", "ANSWER_REMINDER - CANCELLED", "ANSWER_OVERDUE - CANCELLED",
                "COLLECTION_REMINDER 878 PENDING", "COLLECTION_REMINDER 878 PENDING",
                "COLLECTION_OVERDUE 878 PENDING");
        // Devon collects within four hours (its override), the court sitting being later
        assertThat(timers.deadlinesOf(id).orElseThrow().collectBy()).contains(answered.plus(Duration.ofHours(4)));

        String early = HandoverSteps.newId();
        Instant court = answered.plus(Duration.ofMinutes(90));
        ledger.requested(request(early, REQUESTED, Optional.of(court)), true);
        ledger.answered(early, DEVON, answered);
        // capped by the court sitting: the deadline moves to it, and a reminder that would come before the answer
        // (two hours before) is left out
        assertThat(timers.deadlinesOf(early).orElseThrow().collectBy()).contains(court);
        assertThat(ledger.timers(early)).endsWith("COLLECTION_REMINDER 878 PENDING", "COLLECTION_OVERDUE 878 PENDING");
        assertThat(ledger.firesAt(early, "COLLECTION_REMINDER", Optional.of(DEVON)))
                .isEqualTo(court.minus(Duration.ofHours(1)));
    }

    @Test
    void aClosureStopsEveryTimer() throws Exception {
        String id = HandoverSteps.newId();
        ledger.requested(request(id, REQUESTED, Optional.of(COURT)), true);
        ledger.answered(id, KENT, REQUESTED.plus(Duration.ofMinutes(20)));

        ledger.closed(id, REQUESTED.plus(Duration.ofHours(2)));

        assertThat(ledger.timers(id)).isNotEmpty().allMatch(t -> t.endsWith("CANCELLED"));
    }
}

package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.PlacementNotice.Fields;
import org.bridgeway.model.PlacementNotice.Lifecycle;
import org.junit.jupiter.api.Test;

/** A placement notice tells of a start, a change or an end, each with what it needs and nothing it cannot have. */
class PlacementLifecycleTest {
    private static final Organisation KENT = Organisation.parseId("local-authority:886");
    private static final Organisation MANCHESTER = Organisation.parseId("local-authority:352");
    private static final Organisation LEEDS = Organisation.parseId("local-authority:383");
    private static final LocalDate START = LocalDate.of(2026, 9, 1);

    @Test
    void aNoticeThatNamesNoEventTellsOfAStartAndSaysSo() {
        PlacementNotice start = notice(MANCHESTER, Lifecycle.STARTED, false);
        assertThat(start.event()).isEqualTo(PlacementEvent.STARTED);
        assertThat(start.fields()).containsEntry(Fields.PLACEMENT_EVENT, "STARTED")
                .doesNotContainKeys(Fields.PLACEMENT_END_DATE, Fields.HIGH_RISK_OF_EXPLOITATION);
        assertThat(notice(MANCHESTER, Lifecycle.STARTED, true).fields())
                .containsEntry(Fields.HIGH_RISK_OF_EXPLOITATION, "true");
    }

    @Test
    void anEndCarriesItsDateAndReasonAndCannotComeBeforeItsStart() {
        PlacementNotice end = notice(MANCHESTER, Lifecycle.ended(START.plusDays(80), "E4A"), false);
        assertThat(end.fields()).containsEntry(Fields.PLACEMENT_EVENT, "ENDED")
                .containsEntry(Fields.PLACEMENT_END_DATE, "2026-11-20")
                .containsEntry(Fields.PLACEMENT_END_REASON, "E4A");
        assertThat(notice(MANCHESTER, Lifecycle.ended(START, "E13"), false).fields())
                .as("an end on the day it started").containsEntry(Fields.PLACEMENT_END_DATE, "2026-09-01");

        assertThatThrownBy(() -> notice(MANCHESTER, Lifecycle.ended(START.minusDays(1), "E4A"), false))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.endDate.order"));
        assertThatThrownBy(() -> Lifecycle.ended(START, "Z9"))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.endReason.code"));
        assertThatThrownBy(() -> Lifecycle.ended(START, "X1")).as("X1 is a new episode the same day, no end")
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.endReason.code"));
        assertThatThrownBy(() -> new Lifecycle(PlacementEvent.ENDED, Optional.empty(), Optional.empty(),
                Optional.of("E4A"), Optional.empty())).as("an end without its date names the date")
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.endDate.required"));
    }

    @Test
    void aChangeSaysHowAndAMoveTheAreaLeft() {
        PlacementNotice newCarer = notice(MANCHESTER, Lifecycle.changed(PlacementChange.NEW_CARER_OR_ADDRESS,
                Optional.of(START), Optional.empty()), false);
        assertThat(newCarer.fields()).containsEntry(Fields.PLACEMENT_CHANGE, "NEW_CARER_OR_ADDRESS")
                .doesNotContainKey(Fields.PLACEMENT_PREVIOUS_LOCAL_AUTHORITY);

        assertThatThrownBy(() -> Lifecycle.changed(PlacementChange.MOVED_AREA, Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.previousLocalAuthority.required"));
        assertThatThrownBy(() -> new Lifecycle(PlacementEvent.CHANGED, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.change.required"));
        assertThatThrownBy(() -> notice(MANCHESTER, Lifecycle.changed(PlacementChange.NEW_CARER_OR_ADDRESS,
                Optional.of(START.plusDays(1)), Optional.empty()), false))
                .as("the previous placement cannot end after the change began")
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("placement.endDate.order"));
    }

    @Test
    void aMoveOutOfTheAreaIsAlsoTheStartOfTheNewPlacementAndAMoveHomeIsNot() {
        PlacementNotice move = notice(LEEDS, Lifecycle.changed(PlacementChange.MOVED_AREA, Optional.of(START),
                Optional.of(MANCHESTER)), true);
        PlacementNotice start = move.newAreaStart("exchange-2").orElseThrow();
        assertThat(start.event()).isEqualTo(PlacementEvent.STARTED);
        assertThat(start.placement()).isEqualTo(move.placement());
        assertThat(start.highRiskOfExploitation()).isTrue();
        assertThat(start.idempotencyKey()).isEqualTo(move.idempotencyKey() + "|new-area-start");

        PlacementNotice home = notice(KENT, Lifecycle.changed(PlacementChange.MOVED_AREA, Optional.of(START),
                Optional.of(MANCHESTER)), false);
        assertThat(home.newAreaStart("exchange-3")).isEmpty();
        assertThat(notice(MANCHESTER, Lifecycle.STARTED, false).newAreaStart("exchange-4")).isEmpty();
    }

    @Test
    void theAreaAChildLeftIsToldWhereToButNotTheNewAddressWhichOnlyTheNewAreasStartCarries() {
        PlacementNotice move = notice(LEEDS, Lifecycle.changed(PlacementChange.MOVED_AREA, Optional.of(START),
                Optional.of(MANCHESTER)), false);
        List<String> newAddress = List.of(PlacementNotice.Fields.PLACEMENT_POSTCODE,
                PlacementNotice.Fields.PLACEMENT_PROVIDER);

        assertThat(move.fields()).containsKeys(PlacementNotice.Fields.PLACEMENT_LOCAL_AUTHORITY,
                PlacementNotice.Fields.PLACEMENT_PREVIOUS_LOCAL_AUTHORITY).doesNotContainKeys(
                newAddress.toArray(String[]::new));
        assertThat(move.newAreaStart("exchange-2").orElseThrow().fields()).containsKeys(
                newAddress.toArray(String[]::new));
    }

    @Test
    void aPrintedNoticeNamesItsEventButNoDate() {
        PlacementNotice end = notice(MANCHESTER, Lifecycle.ended(START.plusDays(80), "E4A"), false);
        assertThat(end.toString()).contains("ENDED").doesNotContain("2026");
        assertThat(end.lifecycle().toString()).doesNotContain("2026", "E4A");
    }

    private static PlacementNotice notice(Organisation area, Lifecycle lifecycle, boolean highRisk) {
        return new PlacementNotice("exchange-1", KENT, "key-" + lifecycle.event(),
                new PlacementNotice.Child("KT40211", Optional.empty(), Optional.empty(), Optional.of("Riley"),
                        Optional.of("Sampleton"), PlacementNotice.Sex.FEMALE, LocalDate.of(2009, 11, 2),
                        Optional.empty(), Optional.empty()),
                new PlacementNotice.Placement(START, "P", "C2", Optional.empty(), "K2", Optional.of("PR4"),
                        Postcode.parse("M13 9PL"), area, Optional.empty(), Optional.empty()),
                List.of(), lifecycle, highRisk);
    }
}

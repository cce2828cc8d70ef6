package org.bridgeway.intake.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.bridgeway.adapters.ssda903.RowError;
import org.bridgeway.adapters.ssda903.Ssda903MissingEpisode;
import org.bridgeway.adapters.ssda903.Ssda903MissingTable;
import org.bridgeway.intake.reconciliation.ReconciliationReport.Disagreement;
import org.junit.jupiter.api.Test;

/** The comparison on its own: which rows and episodes pair, and how dates are read in England. */
class MissingReconciliationTest {
    private static final LocalDate FIRST = LocalDate.of(2024, 4, 1);
    private static final LocalDate LAST = LocalDate.of(2025, 3, 14);
    private static final LocalDate DOB = LocalDate.of(2010, 3, 14);

    private static Ssda903MissingEpisode row(int row, String child, String type, String start, String end) {
        return new Ssda903MissingEpisode(row, child, DOB, type, LocalDate.parse(start),
                Optional.ofNullable(end).map(LocalDate::parse));
    }

    private static CarriedEpisode carried(String id, String child, String type, String start, String end) {
        return new CarriedEpisode(id, Optional.ofNullable(child), type, Instant.parse(start),
                Optional.ofNullable(end).map(Instant::parse));
    }

    private static ReconciliationReport compare(List<Ssda903MissingEpisode> rows, List<CarriedEpisode> carried) {
        return MissingReconciliation.compare(new Ssda903MissingTable(true, rows, List.of()), carried, FIRST, LAST);
    }

    @Test
    void anEpisodeWithTheSameDatesAndTypeOnBothSidesAgrees() {
        ReconciliationReport report = compare(List.of(row(2, "K1001", "M", "2024-10-03", "2024-10-04")),
                List.of(carried("ME-1", "K1001", "M", "2024-10-03T21:15:00Z", "2024-10-04T09:00:00Z")));

        assertThat(report.agreeing()).isEqualTo(1);
        assertThat(report.notInReturn()).isEmpty();
        assertThat(report.notCarried()).isEmpty();
        assertThat(report.disagreeing()).isEmpty();
    }

    @Test
    void datesAreReadInEnglandNotInUtc() {
        // 23:30 UTC on 3 October is 00:30 BST on 4 October: the 903 says 4 October
        ReconciliationReport summer = compare(List.of(row(2, "K1001", "M", "2024-10-04", "2024-10-04")),
                List.of(carried("ME-1", "K1001", "M", "2024-10-03T23:30:00Z", "2024-10-04T10:00:00Z")));
        assertThat(summer.agreeing()).isEqualTo(1);
        // in winter England is on UTC: 23:30 UTC on 10 January is still 10 January
        ReconciliationReport winter = compare(List.of(row(2, "K1001", "M", "2025-01-10", "2025-01-11")),
                List.of(carried("ME-1", "K1001", "M", "2025-01-10T23:30:00Z", "2025-01-11T08:00:00Z")));
        assertThat(winter.agreeing()).isEqualTo(1);
    }

    @Test
    void whatOnlyOneSideHasIsReportedByChildIdAndDates() {
        ReconciliationReport report = compare(
                List.of(row(2, "K1001", "M", "2024-10-03", "2024-10-04"), row(3, "K1002", "A", "2025-01-05", null)),
                List.of(carried("ME-1", "K1001", "M", "2024-12-20T18:00:00Z", "2024-12-21T12:00:00Z"),
                        carried("ME-2", "K1003", "M", "2025-02-01T18:00:00Z", null)));

        assertThat(report.agreeing()).isZero();
        assertThat(report.notInReturn()).extracting(c -> c.child() + " " + c.episodeId() + " " + c.start() + " "
                + c.end()).containsExactly("K1001 ME-1 2024-12-20 2024-12-21", "K1003 ME-2 2025-02-01 null");
        assertThat(report.notCarried()).extracting(r -> r.child() + " row " + r.row() + " " + r.start())
                .containsExactly("K1001 row 2 2024-10-03", "K1002 row 3 2025-01-05");
    }

    @Test
    void anEpisodeOnBothSidesWhoseEndTypeOrStartDiffersIsADisagreementSayingWhich() {
        ReconciliationReport report = compare(
                List.of(row(2, "K1001", "M", "2024-10-03", "2024-10-05"),
                        row(3, "K1002", "A", "2025-01-05", "2025-01-05"),
                        row(4, "K1003", "M", "2025-02-02", "2025-02-03")),
                List.of(carried("ME-1", "K1001", "M", "2024-10-03T18:00:00Z", "2024-10-04T12:00:00Z"),
                        carried("ME-2", "K1002", "M", "2025-01-05T13:00:00Z", "2025-01-05T20:00:00Z"),
                        // reported the evening before the council's "last seen" date
                        carried("ME-3", "K1003", "M", "2025-02-01T22:00:00Z", "2025-02-03T10:00:00Z")));

        assertThat(report.disagreeing()).extracting(d -> d.carried().episodeId() + " " + d.differences())
                .containsExactly("ME-1 [end]", "ME-2 [type]", "ME-3 [start]");
        assertThat(report.notInReturn()).isEmpty();
        assertThat(report.notCarried()).isEmpty();
    }

    @Test
    void severalEpisodesOfOneChildPairExactMatchesFirstWhateverTheirOrder() {
        // two same-day episodes (the 903 keeps them as separate rows with the same dates) and one open
        ReconciliationReport report = compare(
                List.of(row(4, "K1001", "A", "2025-01-05", null),
                        row(2, "K1001", "M", "2025-01-05", "2025-01-05"),
                        row(3, "K1001", "M", "2025-01-05", "2025-01-05")),
                List.of(carried("ME-9", "K1001", "A", "2025-01-05T20:00:00Z", "2025-01-06T09:00:00Z"),
                        carried("ME-8", "K1001", "M", "2025-01-05T15:00:00Z", "2025-01-05T17:00:00Z"),
                        carried("ME-7", "K1001", "M", "2025-01-05T09:00:00Z", "2025-01-05T11:00:00Z")));

        assertThat(report.agreeing()).isEqualTo(2);
        List<Disagreement> disagreeing = report.disagreeing();
        assertThat(disagreeing).singleElement().satisfies(d -> {
            assertThat(d.inReturn().row()).isEqualTo(4);
            assertThat(d.carried().episodeId()).isEqualTo("ME-9");
            assertThat(d.differences()).containsExactly("end");
        });
    }

    @Test
    void episodesCarriedWithoutTheCouncilsChildIdAreListedApartAndBadRowsAreReported() {
        RowError bad = new RowError("missing.csv", 5, "MIS_START", "ssda903.mis_start.format",
                "MIS_START must be a date written dd/mm/yyyy");
        ReconciliationReport report = MissingReconciliation.compare(new Ssda903MissingTable(true, List.of(),
                        List.of(bad)),
                List.of(carried("ME-4", null, "M", "2025-03-01T18:00:00Z", null)), FIRST, LAST);

        assertThat(report.carriedWithoutChildId()).extracting(c -> c.episodeId()).containsExactly("ME-4");
        assertThat(report.notInReturn()).isEmpty();
        assertThat(report.unreadableRows()).containsExactly(bad);
        assertThat(report.toJson()).containsEntry("missingTable", true);
    }
}

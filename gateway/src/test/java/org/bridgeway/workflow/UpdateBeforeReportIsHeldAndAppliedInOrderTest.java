package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Supplier;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.PostgresServer;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Updates that arrive before the report they update are held, not lost and not delivered out of order: audited as
 * received and held, listed to their sender, and once the report is accepted released in order (regrade before found,
 * whatever order they came in) exactly once, even when the release is tried again and across a restart.
 */
class UpdateBeforeReportIsHeldAndAppliedInOrderTest {
    private static final OffsetDateTime DAY_TWO = OffsetDateTime.parse("2026-03-02T08:00:00Z");
    private static final OffsetDateTime END = OffsetDateTime.parse("2026-03-03T09:15:00Z");
    private static final OffsetDateTime DAY_THREE = OffsetDateTime.parse("2026-03-03T10:40:00Z");

    @Test
    void updatesBeforeTheReportAreHeldThenAppliedInOrderOnce(@TempDir Path data) {
        heldThenAppliedInOrderOnce(() -> GatewayFixture.start(data));
    }

    @Test
    void onPostgresqlToo(@TempDir Path data) {
        PostgresServer.TestDatabase database = PostgresServer.newDatabase();
        heldThenAppliedInOrderOnce(() -> GatewayFixture.startOnPostgres(data, database));
    }

    /** @param gateways starts the same gateway (same data directory and database) each time it is asked */
    private static void heldThenAppliedInOrderOnce(Supplier<GatewayFixture> gateways) {
        Child child = Child.next();
        MissingEpisodeNotice found = SyntheticMissingEpisodes.found(child, END, DAY_THREE);
        MissingEpisodeNotice regrade = SyntheticMissingEpisodes.regrade(child, RiskLevel.HIGH, DAY_TWO);
        try (GatewayFixture fixture = gateways.get()) {
            // found first, then the regrade: both before the report
            Dispatch heldFound = fixture.gateway().submit(found);
            Dispatch heldRegrade = fixture.gateway().submit(regrade);
            assertThat(heldFound.held()).isTrue();
            assertThat(heldFound.heldReason()).contains(HeldUpdates.EPISODE_UNKNOWN);
            assertThat(heldRegrade.held()).isTrue();
            assertThat(MissingEpisodeLedgerTest.types(fixture.gateway().auditLog().entriesFor(found.exchangeId())))
                    .as("admitted and audited, nothing decided or delivered").containsExactly("RECEIVED", "HELD");
            assertThat(fixture.outcomes()).as("nothing delivered for a held update").isEmpty();
            assertThat(fixture.gateway().heldUpdates().ofSender(SyntheticMissingEpisodes.FORCE.id()))
                    .extracting(HeldUpdates.HeldUpdate::exchangeId)
                    .containsExactlyInAnyOrder(found.exchangeId(), regrade.exchangeId());

            Dispatch again = fixture.gateway().submit(found);
            assertThat(again.duplicate()).as("the same held update again").isTrue();
            assertThat(again.held()).isTrue();
            assertThat(again.exchangeId()).isEqualTo(found.exchangeId());
        }
        // a restart between the hold and the report: the held updates are in the database, not in memory
        try (GatewayFixture fixture = gateways.get()) {
            fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM));
            // released now, or already by the background pass; once each either way (the RELEASED count below)
            fixture.gateway().releaseHeldUpdates();

            String episodeId = fixture.gateway().missingEpisodeLedger().episodeOf(found).orElseThrow();
            MissingEpisodes.Episode episode = fixture.gateway().missingEpisodes().byId(episodeId).orElseThrow();
            assertThat(episode.state()).isEqualTo(MissingEpisodes.State.FOUND);
            assertThat(episode.riskLevel()).as("the regrade was applied before the found").isEqualTo("HIGH");
            assertThat(episode.lastUpdate()).isEqualTo(EpisodeUpdate.FOUND);
            List<HeldUpdates.HeldUpdate> listed = fixture.gateway().heldUpdates()
                    .ofSender(SyntheticMissingEpisodes.FORCE.id());
            assertThat(listed).hasSize(2).allSatisfy(h -> {
                assertThat(h.outcome()).contains("applied");
                assertThat(h.episodeId()).contains(episodeId);
                assertThat(h.document()).as("the notice is not kept once released").isEmpty();
            });
            assertThat(MissingEpisodeLedgerTest.types(fixture.gateway().auditLog().entriesFor(found.exchangeId())))
                    .startsWith("RECEIVED", "HELD", "RELEASED").contains("DECISION_ALLOW");
            assertThat(fixture.gateway().auditLog().entriesFor(found.exchangeId()))
                    .filteredOn(r -> "RELEASED".equals(r.field("type"))).hasSize(1);
            long regradeReleasedAt = releasedSeq(fixture, regrade);
            assertThat(regradeReleasedAt).as("released in kind order: the regrade before the found")
                    .isLessThan(releasedSeq(fixture, found));
            assertThat(fixture.gateway().releaseHeldUpdates()).as("nothing is released twice").isZero();
            assertThat(fixture.gateway().auditLog().verify().valid()).isTrue();
        }
    }

    private static long releasedSeq(GatewayFixture fixture, MissingEpisodeNotice notice) {
        return fixture.gateway().auditLog().entriesFor(notice.exchangeId()).stream()
                .filter(r -> "RELEASED".equals(r.field("type"))).findFirst().orElseThrow().seq();
    }
}

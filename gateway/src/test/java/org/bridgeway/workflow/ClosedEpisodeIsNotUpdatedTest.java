package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import org.bridgeway.fault.RuleRefused;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed episode is not updated again: a later regrade or found is refused 409 {@code episode.closed}, and the
 * episode is as the close left it. A second found of an open-then-found episode is refused too.
 */
class ClosedEpisodeIsNotUpdatedTest {
    private static final OffsetDateTime END = OffsetDateTime.parse("2026-03-03T09:15:00Z");
    private static final OffsetDateTime FOUND_AT = OffsetDateTime.parse("2026-03-03T10:40:00Z");
    private static final OffsetDateTime CLOSED_AT = OffsetDateTime.parse("2026-03-03T12:00:00Z");
    private static final OffsetDateTime LATER = OffsetDateTime.parse("2026-03-04T08:00:00Z");

    @Test
    void anUpdateOfAClosedEpisodeIsRefusedAndChangesNothing(@TempDir Path data) {
        Child child = Child.next();
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.MEDIUM));
            fixture.gateway().submit(SyntheticMissingEpisodes.found(child, END, FOUND_AT));
            RuleRefused twice = MissingEpisodeLedgerTest.refusal(() -> fixture.gateway().submit(
                    SyntheticMissingEpisodes.found(child, END, CLOSED_AT)));
            assertThat(twice.rule()).isEqualTo("episode.already-found");
            fixture.gateway().submit(SyntheticMissingEpisodes.closed(child, CLOSED_AT));

            MissingEpisodeNotice regrade = SyntheticMissingEpisodes.regrade(child, RiskLevel.HIGH, LATER);
            RuleRefused refused = MissingEpisodeLedgerTest.refusal(() -> fixture.gateway().submit(regrade));

            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.rule()).isEqualTo("episode.closed");
            String episodeId = fixture.gateway().missingEpisodeLedger().episodeOf(regrade).orElseThrow();
            assertThat(refused.details()).containsEntry("episodeId", episodeId);
            MissingEpisodes.Episode episode = fixture.gateway().missingEpisodes().byId(episodeId).orElseThrow();
            assertThat(episode.state()).isEqualTo(MissingEpisodes.State.CLOSED);
            assertThat(episode.riskLevel()).isEqualTo("MEDIUM");
            assertThat(episode.end()).contains(END.toInstant());
            assertThat(fixture.gateway().auditLog().entriesFor(regrade.exchangeId())).isEmpty();
        }
    }
}

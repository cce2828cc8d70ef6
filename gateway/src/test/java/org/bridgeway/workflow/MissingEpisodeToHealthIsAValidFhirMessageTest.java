package org.bridgeway.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import org.bridgeway.adapters.fhir.FhirMissingEpisodeRenderer;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.pipeline.Outcome;
import org.bridgeway.testing.FhirValidation;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticMissingEpisodes;
import org.bridgeway.testing.SyntheticMissingEpisodes.Child;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The responsible authority's health team is told of a missing episode (its report, and the update that finds the
 * child, released after being held) as a FHIR R4 message HAPI validates, without the placement the child went missing
 * from.
 */
class MissingEpisodeToHealthIsAValidFhirMessageTest {
    private static final String HEALTH = "health:LAC886";

    @Test
    void theHealthTeamGetsValidFhirMessagesWithoutThePlacementAddress(@TempDir Path data) {
        Child child = Child.next();
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            MissingEpisodeNotice found = SyntheticMissingEpisodes.found(child,
                    OffsetDateTime.parse("2026-03-03T09:15:00Z"), OffsetDateTime.parse("2026-03-03T10:40:00Z"));
            fixture.gateway().submit(found); // held
            fixture.gateway().submit(SyntheticMissingEpisodes.report(child, RiskLevel.HIGH));
            fixture.gateway().releaseHeldUpdates();

            List<Outcome.Delivered> toHealth = fixture.outcomes(Outcome.Delivered.class).stream()
                    .filter(d -> d.recipient().equals(HEALTH)).toList();
            assertThat(toHealth).as("the report and the released found").hasSize(2);
            assertThat(toHealth).extracting(Outcome.Delivered::format).containsOnly(new FhirMissingEpisodeRenderer().format());
            for (MailboxMessage listed : fixture.gateway().mailboxes().list(HEALTH, 100)) {
                Mailboxes.FetchedMessage m = fixture.gateway().mailboxes().fetch(HEALTH, listed.messageId())
                        .orElseThrow();
                String json = new String(m.payload(), StandardCharsets.UTF_8);
                assertThat(FhirValidation.errors(json)).as(json).isEmpty();
                assertThat(json).doesNotContain("M1 1AA").doesNotContain("Piccadilly Gardens");
            }
        }
    }
}

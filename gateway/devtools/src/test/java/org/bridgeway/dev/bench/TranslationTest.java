package org.bridgeway.dev.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.bridgeway.adapters.json.JsonNoticeRenderer;
import org.bridgeway.delivery.Delivery;
import org.bridgeway.intake.PlacementJsonIntake;
import org.bridgeway.model.Notice;
import org.bridgeway.model.OrganisationType;
import org.bridgeway.pipeline.Exchanges;
import org.bridgeway.pipeline.Recipient;
import org.bridgeway.pipeline.RecipientResolver;
import org.bridgeway.pipeline.Renderers;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.TimeOrderedIds;
import org.bridgeway.warmup.SyntheticNotices;
import org.junit.jupiter.api.Test;

/**
 * The bench's translating route translates as the governed route would, for every recipient the rules name, and
 * withholds nothing: what it measures is translation without governance.
 */
class TranslationTest {
    private static final ReferenceData REFERENCE = ReferenceData.shipped();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-11-02T09:30:00Z");

    private final SyntheticNotices.Intakes intakes = new SyntheticNotices.Intakes(
            new PlacementJsonIntake(REFERENCE, TimeOrderedIds::next), null, null);
    private final RecipientResolver resolver = new RecipientResolver(REFERENCE, Exchanges.shipped());
    private final Translation translation = new Translation(intakes, resolver,
            new Renderers(Exchanges.shipped(), new JsonNoticeRenderer()));

    @Test
    void everyRecipientTheRulesNameGetsTheWholeNoticeInItsOwnFormat() throws Exception {
        int healthTeams = 0;
        for (SyntheticNotices.Document document : new SyntheticNotices(11).ofKind(SyntheticNotices.PLACEMENT, 12,
                "translation")) {
            Notice notice = intakes.accepted(document);
            List<Recipient> recipients = resolver.recipientsOf(notice);

            List<Delivery> deliveries = translation.deliveries(document, AT);

            assertThat(deliveries).extracting(Delivery::recipient)
                    .containsExactlyElementsOf(recipients.stream().map(Recipient::id).toList());
            for (int i = 0; i < deliveries.size(); i++) {
                Delivery delivery = deliveries.get(i);
                assertThat(delivery.idempotencyKey()).isEqualTo(notice.idempotencyKey());
                if (recipients.get(i).organisation().type() == OrganisationType.HEALTH_TEAM) {
                    healthTeams++;
                    assertThat(delivery.format()).isEqualTo(FhirPlacementRenderer.FORMAT);
                    assertThat(FhirPlacementRenderer.parse(delivery.payload()).getEntry()).isNotEmpty();
                } else {
                    assertThat(delivery.format()).isEqualTo(JsonNoticeRenderer.FORMAT);
                    JsonNode sent = JSON.readTree(delivery.payload()).path("notice");
                    for (String field : notice.fields().keySet()) {
                        assertThat(sent.at("/" + field.replace('.', '/')).isMissingNode())
                                .as("%s in the message to %s", field, delivery.recipient()).isFalse();
                    }
                }
            }
        }
        assertThat(healthTeams).as("placements whose health team was told").isPositive();
    }
}

package org.bridgeway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.bridgeway.adapters.fhir.UkCore;
import org.bridgeway.delivery.MailboxMessage;
import org.bridgeway.delivery.Mailboxes;
import org.bridgeway.gateway.Gateway;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.testing.FhirValidation;
import org.bridgeway.testing.GatewayFixture;
import org.bridgeway.testing.SyntheticPlacements;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every message a real gateway puts in a health team's mailbox is a FHIR R4 message Bundle that HAPI's instance
 * validator accepts against the base specification (no ERROR or FATAL), whose MessageHeader names the
 * placement-notification event and the mailbox's owner as its destination.
 */
class HealthBundlesValidateTest {
    @TempDir
    Path data;

    @Test
    void everyHealthMailboxMessageIsAValidFhirR4PlacementMessage() {
        try (GatewayFixture fixture = GatewayFixture.start(data)) {
            Gateway gateway = fixture.gateway();
            gateway.processReturn(SyntheticPlacements.sampleReturn());
            for (SyntheticPlacements.Spec spec : SyntheticPlacements.EVERY_FIELD) {
                gateway.submit(SyntheticPlacements.notice(gateway.reference(), spec));
            }

            List<Outcome.Delivered> toHealth = fixture.outcomes(Outcome.Delivered.class).stream()
                    .filter(d -> d.recipient().startsWith("health:")).toList();
            assertThat(toHealth).hasSize(7 + SyntheticPlacements.EVERY_FIELD.size());
            assertThat(toHealth).extracting(Outcome.Delivered::format).containsOnly(FhirPlacementRenderer.FORMAT);
            Set<String> healthTeams = new TreeSet<>(toHealth.stream().map(Outcome.Delivered::recipient).toList());

            int validated = 0;
            for (String team : healthTeams) {
                for (MailboxMessage listed : gateway.mailboxes().list(team, 1000)) {
                    assertThat(listed.format()).isEqualTo(FhirPlacementRenderer.FORMAT);
                    assertThat(listed.mediaType()).isEqualTo(FhirPlacementRenderer.MEDIA_TYPE);
                    Mailboxes.FetchedMessage m = gateway.mailboxes().fetch(team, listed.messageId()).orElseThrow();
                    String json = new String(m.payload(), StandardCharsets.UTF_8);

                    List<String> errors = FhirValidation.errors(json);
                    assertThat(errors).as("validation of %s message %s:%n%s", team, listed.messageId(),
                            String.join("\n", errors)).isEmpty();

                    Bundle bundle = FhirPlacementRenderer.parse(m.payload());
                    assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
                    assertThat(bundle.getIdentifier().getValue()).isEqualTo(listed.exchangeId());
                    assertThat(bundle.getEntryFirstRep().getResource()).isInstanceOf(MessageHeader.class);
                    MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
                    Coding event = header.getEventCoding();
                    assertThat(event.getSystem()).isEqualTo(FhirPlacementRenderer.EXCHANGE_TYPE_SYSTEM);
                    assertThat(event.getCode()).isEqualTo(ExchangeType.PLACEMENT_NOTIFICATION.slug());
                    assertThat(bundle.getEntry()).as("each entry declares its UK Core profile").allSatisfy(e ->
                            assertThat(e.getResource().getMeta().getProfile()).singleElement().satisfies(p ->
                                    assertThat(p.getValue()).isEqualTo(UkCore.STRUCTURE_DEFINITION + "UKCore-"
                                            + e.getResource().fhirType())));
                    assertThat(header.getDestination()).singleElement().satisfies(d -> assertThat(d.getEndpoint())
                            .isEqualTo(FhirPlacementRenderer.DESTINATION_ENDPOINT_PREFIX + team));
                    validated++;
                }
            }
            assertThat(validated).isEqualTo(toHealth.size());
        }
    }

    @Test
    void theValidatorIsNotVacuous() {
        // a message Bundle without its MessageHeader must be reported, or the test above would prove nothing
        String broken = """
                {"resourceType": "Bundle", "type": "message", "timestamp": "2025-01-01T00:00:00Z",
                 "entry": [{"fullUrl": "urn:uuid:9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
                            "resource": {"resourceType": "Patient", "id": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
                                         "gender": "not-a-gender"}}]}""";
        assertThat(FhirValidation.errors(broken)).isNotEmpty();
    }
}

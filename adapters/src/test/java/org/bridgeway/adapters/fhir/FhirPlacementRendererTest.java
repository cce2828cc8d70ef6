package org.bridgeway.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bridgeway.adapters.RenderFixtures.DATE_OF_BIRTH;
import static org.bridgeway.adapters.RenderFixtures.ETHNICITY;
import static org.bridgeway.adapters.RenderFixtures.NHS_NUMBER;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.bridgeway.adapters.MinimisationAssertions;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.PlacementNotice.Fields;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FhirPlacementRendererTest {
    private final FhirPlacementRenderer renderer = new FhirPlacementRenderer();

    @Test
    void namesItsFormat() {
        assertThat(renderer.format()).isEqualTo("fhir-r4");
        assertThat(renderer.mediaType()).isEqualTo("application/fhir+json");
    }

    @Test
    void rendersTheFullNoticeAsTheGoldenFile() {
        RenderFixtures.assertGolden("fhir/placement-full.json", renderer.render(RenderFixtures.full()));
    }

    @Test
    void rendersAnEndedPlacementAsTheGoldenFile() {
        RenderFixtures.assertGolden("fhir/placement-ended.json",
                renderer.render(RenderFixtures.whole(RenderFixtures.ended())));
    }

    @Test
    void rendersAMoveToAnotherAreaAsTheGoldenFile() {
        RenderFixtures.assertGolden("fhir/placement-moved-area.json",
                renderer.render(RenderFixtures.whole(RenderFixtures.movedArea())));
    }

    @Test
    void anEndedPlacementIsAFinishedEpisodeOfCareWithItsEndAndReason() {
        org.hl7.fhir.r4.model.EpisodeOfCare episode = FhirPlacementRenderer.parse(
                        renderer.render(RenderFixtures.whole(RenderFixtures.ended()))).getEntry().stream()
                .map(e -> e.getResource()).filter(r -> r instanceof org.hl7.fhir.r4.model.EpisodeOfCare)
                .map(r -> (org.hl7.fhir.r4.model.EpisodeOfCare) r).findFirst().orElseThrow();
        assertThat(episode.getStatus()).isEqualTo(org.hl7.fhir.r4.model.EpisodeOfCare.EpisodeOfCareStatus.FINISHED);
        assertThat(episode.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-02-13");
        assertThat(((org.hl7.fhir.r4.model.Coding) episode.getExtensionByUrl(FhirPlacementRenderer.END_REASON_EXTENSION)
                .getValue()).getCode()).isEqualTo("E4A");
    }

    @Test
    void rendersTheHealthTeamViewAsTheGoldenFile() {
        RenderFixtures.assertGolden("fhir/placement-health-team.json",
                renderer.render(RenderFixtures.minimised(RenderFixtures.HEALTH_TEAM_FIELDS)));
    }

    @Test
    void buildsAMessageBundle() {
        Bundle bundle = FhirPlacementRenderer.parse(renderer.render(RenderFixtures.full()));
        assertThat(bundle.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(bundle.getIdentifier().getValue()).isEqualTo("bx-2025-000123");
        assertThat(bundle.getTimestampElement().getValueAsString()).isEqualTo("2025-09-02T10:15:30.250Z");
        assertThat(bundle.getEntry()).allSatisfy(e -> assertThat(e.getFullUrl()).startsWith("urn:uuid:"));

        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        assertThat(header.getEventCoding().getSystem())
                .isEqualTo("https://bridgeway.org.uk/fhir/CodeSystem/exchange-type");
        assertThat(header.getEventCoding().getCode()).isEqualTo("placement-notification");
        assertThat(header.getSource().getEndpoint()).isEqualTo("urn:bridgeway:gateway");
        assertThat(header.getSource().getName()).isEqualTo("Kent County Council");

        Organization sender = resource(bundle, header.getSender().getReference(), Organization.class);
        assertThat(sender.getIdentifierFirstRep().getSystem()).isEqualTo("https://bridgeway.org.uk/Id/dfe-la-code");
        assertThat(sender.getIdentifierFirstRep().getValue()).isEqualTo("886");
        Organization recipient = resource(bundle, header.getDestinationFirstRep().getReceiver().getReference(),
                Organization.class);
        assertThat(recipient.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
        assertThat(recipient.getIdentifierFirstRep().getValue()).isEqualTo("X9M01");

        EpisodeOfCare episode = resource(bundle, header.getFocusFirstRep().getReference(), EpisodeOfCare.class);
        assertThat(episode.getStatus()).isEqualTo(EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        assertThat(episode.getPeriod().getStartElement().getValueAsString()).isEqualTo("2025-08-29");
        assertThat(episode.getManagingOrganization().getReference()).isEqualTo(header.getSender().getReference());
        assertThat(episode.getType()).extracting(t -> t.getCodingFirstRep().getSystem() + "|" + t.getCodingFirstRep().getCode())
                .containsExactly("https://bridgeway.org.uk/fhir/CodeSystem/ssda903-ls|C2",
                        "https://bridgeway.org.uk/fhir/CodeSystem/ssda903-place|K2",
                        "https://bridgeway.org.uk/fhir/CodeSystem/ssda903-place-provider|PR4");
        assertThat(episode.getExtensionsByUrl(FhirPlacementRenderer.RISK_EXTENSION)).hasSize(2);

        Patient patient = resource(bundle, episode.getPatient().getReference(), Patient.class);
        assertThat(patient.getIdentifier()).extracting(Identifier::getSystem, Identifier::getValue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("https://fhir.nhs.uk/Id/nhs-number", NHS_NUMBER),
                org.assertj.core.groups.Tuple.tuple("https://bridgeway.org.uk/Id/la-child-id/886", "KCC-0042917"),
                org.assertj.core.groups.Tuple.tuple("https://bridgeway.org.uk/Id/upn", "V886123410001"));
        assertThat(patient.getGender().toCode()).isEqualTo("male");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo(DATE_OF_BIRTH);
        assertThat(patient.getNameFirstRep().getFamily()).isEqualTo("Testwell");
    }

    @Test
    void withheldFieldsAppearNowhereInTheBytes() {
        MinimisedNotice notice = RenderFixtures.without(Fields.CHILD_DATE_OF_BIRTH, Fields.CHILD_ETHNICITY,
                Fields.CHILD_NHS_NUMBER);
        String full = new String(renderer.render(RenderFixtures.full()), StandardCharsets.UTF_8);
        String out = new String(renderer.render(notice), StandardCharsets.UTF_8);
        assertThat(full).contains(DATE_OF_BIRTH, ETHNICITY, NHS_NUMBER);
        assertThat(out).doesNotContain(DATE_OF_BIRTH, ETHNICITY, NHS_NUMBER, "birthDate", "ethnicity", "nhs-number");
    }

    @Test
    void noNameNoNameElement() {
        String out = new String(renderer.render(RenderFixtures.without(Fields.CHILD_GIVEN_NAME,
                Fields.CHILD_FAMILY_NAME)), StandardCharsets.UTF_8);
        assertThat(out).doesNotContain("Jordan", "Testwell", "\"name\": [");
    }

    @Test
    void everyWithheldFieldAppearsNowhere() {
        MinimisationAssertions.eachWithheldFieldIsAbsent(renderer::render);
    }

    @Test
    void rendersTheSameBytesEveryTimeAndAcrossThreads() throws Exception {
        byte[] expected = renderer.render(RenderFixtures.full());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> renderer.render(RenderFixtures.full())));
            }
            for (Future<byte[]> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(new FhirPlacementRenderer(FhirPlacementRenderer.sharedContext()).render(RenderFixtures.full()))
                .isEqualTo(expected);
    }

    @Test
    void differentRecipientsGetDifferentResourceIds() {
        MinimisedNotice toHealth = RenderFixtures.full();
        MinimisedNotice toLa = new MinimisedNotice(toHealth.exchangeId(), toHealth.exchangeType(), toHealth.sender(),
                RenderFixtures.HOST_LA, toHealth.fields(), toHealth.issuedAt());
        assertThat(FhirPlacementRenderer.uuid(toHealth, "patient")).isNotEqualTo(FhirPlacementRenderer.uuid(toLa, "patient"));
        Bundle bundle = FhirPlacementRenderer.parse(renderer.render(toLa));
        Organization recipient = (Organization) bundle.getEntry().get(4).getResource();
        assertThat(recipient.getIdentifierFirstRep().getSystem()).isEqualTo(FhirPlacementRenderer.DFE_LA_CODE_SYSTEM);
    }

    @Test
    void anEmptyFieldMapStillRendersAMessage() {
        Bundle bundle = FhirPlacementRenderer.parse(renderer.render(RenderFixtures.minimised(Set.of())));
        assertThat(bundle.getEntry()).hasSize(5);
    }

    private static <T> T resource(Bundle bundle, String fullUrl, Class<T> type) {
        return bundle.getEntry().stream().filter(e -> e.getFullUrl().equals(fullUrl)).findFirst()
                .map(e -> type.cast(e.getResource())).orElseThrow();
    }
}

package org.bridgeway.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.model.MissingFixtures;
import org.bridgeway.model.PlacementNotice.Fields;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * Health messages declare UK Core profiles and carry UK Core's NHS number verification status and ethnic category.
 * UK Core's StructureDefinitions are not available to the build (docs/health-fhir.md), so the constraints a
 * receiving trust's UK Core validation would check first are asserted here.
 */
class UkCoreProfilesTest {
    private static final Map<String, String> PROFILE_OF = Map.of(
            "MessageHeader", UkCore.MESSAGE_HEADER,
            "Patient", UkCore.PATIENT,
            "Organization", UkCore.ORGANIZATION,
            "EpisodeOfCare", UkCore.EPISODE_OF_CARE,
            "Flag", UkCore.FLAG);

    /**
     * Every resource in the message declares exactly the UK Core profile of its type; the Bundle around them none
     * (a root profile a receiver's validator cannot resolve fails the whole message: UkCore).
     */
    static void assertDeclaresUkCoreProfiles(Bundle bundle) {
        assertThat(bundle.getMeta().getProfile()).isEmpty();
        assertThat(bundle.getEntry()).isNotEmpty();
        bundle.getEntry().forEach(e -> assertProfile(e.getResource()));
    }

    private static void assertProfile(Resource resource) {
        String type = resource.fhirType();
        assertThat(PROFILE_OF).as("a UK Core profile for %s", type).containsKey(type);
        assertThat(resource.getMeta().getProfile()).extracting(CanonicalType::getValue).as(type)
                .containsExactly(PROFILE_OF.get(type));
        assertThat(PROFILE_OF.get(type)).isEqualTo("https://fhir.hl7.org.uk/StructureDefinition/UKCore-" + type);
    }

    @Test
    void everyResourceOfEveryHealthMessageDeclaresItsUkCoreProfile() {
        FhirPlacementRenderer placements = new FhirPlacementRenderer();
        FhirMissingEpisodeRenderer missing = new FhirMissingEpisodeRenderer();
        for (Bundle bundle : List.of(placements.toBundle(RenderFixtures.full()),
                placements.toBundle(RenderFixtures.minimised(Set.of())),
                missing.toBundle(FhirMissingEpisodeRendererTest.full()),
                missing.toBundle(FhirMissingEpisodeRendererTest.minimised(MissingFixtures.notice(), Set.of())))) {
            assertDeclaresUkCoreProfiles(bundle);
        }
    }

    @Test
    void theNhsNumberIsUkCoresNhsNumberSliceWithItsVerificationStatusPresentButNotTraced() {
        for (Patient patient : List.of(patient(new FhirPlacementRenderer().toBundle(RenderFixtures.full())),
                patient(new FhirMissingEpisodeRenderer().toBundle(FhirMissingEpisodeRendererTest.full())))) {
            Identifier nhs = patient.getIdentifier().stream()
                    .filter(i -> i.getSystem().equals("https://fhir.nhs.uk/Id/nhs-number")).findFirst().orElseThrow();
            assertThat(nhs.getValue()).matches("\\d{10}");
            Extension status = nhs.getExtensionByUrl(
                    "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus");
            assertThat(status).isNotNull();
            assertThat(((CodeableConcept) status.getValue()).getCoding()).singleElement().satisfies(c -> {
                assertThat(c.getSystem())
                        .isEqualTo("https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland");
                assertThat(c.getCode()).isEqualTo("02");
                assertThat(c.getDisplay()).isEqualTo("Number present but not traced");
            });
            assertThat(patient.getIdentifier()).filteredOn(i -> i != nhs)
                    .allSatisfy(i -> assertThat(i.getExtension()).isEmpty());
        }
    }

    @Test
    void theEthnicityGoesAsTheNhsEthnicCategoryBesideTheSsda903Code() {
        Patient patient = patient(new FhirPlacementRenderer().toBundle(RenderFixtures.full()));
        Extension category = patient.getExtensionByUrl(
                "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory");
        assertThat(((CodeableConcept) category.getValue()).getCoding()).singleElement().satisfies(c -> {
            assertThat(c.getSystem()).isEqualTo("https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland");
            assertThat(c.getCode()).isEqualTo("A"); // the fixture's WBRI
            assertThat(c.getDisplay()).isEqualTo("White - British");
        });
        assertThat(((CodeableConcept) patient.getExtensionByUrl(FhirPlacementRenderer.ETHNICITY_EXTENSION).getValue())
                .getCodingFirstRep().getCode()).isEqualTo(RenderFixtures.ETHNICITY);
    }

    @Test
    void aWithheldEthnicityOrNhsNumberLeavesNoUkCoreExtensionBehind() {
        Patient patient = patient(new FhirPlacementRenderer().toBundle(
                RenderFixtures.without(Fields.CHILD_ETHNICITY, Fields.CHILD_NHS_NUMBER)));
        assertThat(patient.getExtension()).extracting(Extension::getUrl)
                .noneMatch(url -> url.startsWith(UkCore.STRUCTURE_DEFINITION));
        assertThat(patient.getIdentifier()).allSatisfy(i -> assertThat(i.getExtension()).isEmpty());
        assertThat(patient.getMeta().getProfile()).extracting(CanonicalType::getValue).containsExactly(UkCore.PATIENT);
    }

    @Test
    void theHealthTeamIsNamedByItsOdsCodeAsUkCoreOrganizationExpects() {
        Bundle bundle = new FhirPlacementRenderer().toBundle(RenderFixtures.full());
        Organization recipient = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Organization.class::isInstance).map(Organization.class::cast)
                .filter(o -> o.getName().equals(RenderFixtures.HEALTH_TEAM.name())).findFirst().orElseThrow();
        assertThat(recipient.getIdentifierFirstRep().getSystem())
                .isEqualTo("https://fhir.nhs.uk/Id/ods-organization-code");
        assertThat(recipient.getIdentifierFirstRep().getValue()).isEqualTo(RenderFixtures.HEALTH_TEAM.code());
    }

    private static Patient patient(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance).map(Patient.class::cast).findFirst().orElseThrow();
    }
}

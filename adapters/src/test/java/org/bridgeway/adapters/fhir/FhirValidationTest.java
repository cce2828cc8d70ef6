package org.bridgeway.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.bridgeway.adapters.RenderFixtures;
import org.bridgeway.model.MinimisedNotice;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates rendered bundles against the base FHIR R4 specification with HAPI's instance validator, and checks that
 * every resource declares its UK Core profile (UK Core itself is not available to the validator: UkCoreProfilesTest).
 */
class FhirValidationTest {
    private static FhirValidator validator;

    @BeforeAll
    static void warmUp() {
        FhirContext context = FhirPlacementRenderer.sharedContext();
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(context),
                new InMemoryTerminologyServerValidationSupport(context),
                new CommonCodeSystemsTerminologyService(context));
        validator = context.newValidator().registerValidatorModule(instanceValidator(chain));
        // the first validation loads the specification's structure definitions: do it once, here
        validator.validateWithResult(new org.hl7.fhir.r4.model.Patient());
    }

    @Test
    void theFullNoticeIsValidFhir() {
        assertValid(RenderFixtures.full());
    }

    @Test
    void theHealthTeamViewIsValidFhir() {
        assertValid(RenderFixtures.minimised(RenderFixtures.HEALTH_TEAM_FIELDS));
    }

    @Test
    void aNoticeWithNoFieldsIsValidFhir() {
        assertValid(RenderFixtures.minimised(Set.of()));
    }

    @Test
    void theMissingEpisodeMessagesAreValidFhir() {
        assertValid(new FhirMissingEpisodeRenderer().render(FhirMissingEpisodeRendererTest.full()));
        assertValid(new FhirMissingEpisodeRenderer().render(FhirMissingEpisodeRendererTest.minimised(
                org.bridgeway.model.MissingFixtures.notice(), FhirMissingEpisodeRendererTest.HEALTH_TEAM_FIELDS)));
        assertValid(new FhirMissingEpisodeRenderer().render(FhirMissingEpisodeRendererTest.minimised(
                org.bridgeway.model.MissingFixtures.notice(), Set.of())));
    }

    @Test
    void theValidatorDoesCatchABrokenMessage() {
        // a message bundle must start with its MessageHeader: without it the validator must report an error,
        // which shows the checks above are not vacuous
        org.hl7.fhir.r4.model.Bundle bundle = new FhirPlacementRenderer().toBundle(RenderFixtures.full());
        bundle.getEntry().remove(0);
        ValidationResult result = validator.validateWithResult(bundle);
        assertThat(result.getMessages())
                .anyMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL);
    }

    private static void assertValid(MinimisedNotice notice) {
        assertValid(new FhirPlacementRenderer().render(notice));
    }

    private static void assertValid(byte[] rendered) {
        String json = new String(rendered, StandardCharsets.UTF_8);
        ValidationResult result = validator.validateWithResult(json);
        List<SingleValidationMessage> messages = result.getMessages();
        String report = messages.stream()
                .map(m -> m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("\n"));
        if (Boolean.getBoolean("bridgeway.fhir.report")) {
            System.out.println(report);
        }
        assertThat(messages)
                .as("validation messages:%n%s", report)
                .noneMatch(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL);
        UkCoreProfilesTest.assertDeclaresUkCoreProfiles(FhirPlacementRenderer.parse(rendered));
    }

    /**
     * The base R4 validator. The messages declare UK Core profiles, whose StructureDefinitions the build does not
     * have (docs/health-fhir.md): a profile it cannot find is a warning, not an error, so the base specification is
     * still checked in full. That the profiles are declared, and UK Core's key constraints, UkCoreProfilesTest checks.
     */
    static FhirInstanceValidator instanceValidator(ValidationSupportChain chain) {
        FhirInstanceValidator validator = new FhirInstanceValidator(chain);
        validator.setErrorForUnknownProfiles(false);
        return validator;
    }
}

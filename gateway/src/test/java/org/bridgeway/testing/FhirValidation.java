package org.bridgeway.testing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.List;
import org.bridgeway.adapters.fhir.FhirPlacementRenderer;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * HAPI's FHIR R4 instance validator over the base specification, set up as in the adapters' FhirValidationTest:
 * default profiles, in-memory terminology and the common code systems. Built once per JVM (loading the
 * specification's structure definitions takes seconds).
 */
public final class FhirValidation {
    private FhirValidation() {
    }

    private static final class Holder {
        static final FhirValidator VALIDATOR = create();

        private static FhirValidator create() {
            FhirContext context = FhirPlacementRenderer.sharedContext();
            ValidationSupportChain chain = new ValidationSupportChain(
                    new DefaultProfileValidationSupport(context),
                    new InMemoryTerminologyServerValidationSupport(context),
                    new CommonCodeSystemsTerminologyService(context));
            FhirValidator validator = context.newValidator().registerValidatorModule(instanceValidator(chain));
            validator.validateWithResult(new org.hl7.fhir.r4.model.Patient());
            return validator;
        }
    }

    /** Every message the validator gives a resource (JSON text), whatever its severity. */
    public static List<SingleValidationMessage> messages(String resourceJson) {
        return Holder.VALIDATOR.validateWithResult(resourceJson).getMessages();
    }

    /** The ERROR and FATAL messages only, as "SEVERITY location: message" lines. */
    public static List<String> errors(String resourceJson) {
        return messages(resourceJson).stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(FhirValidation::describe)
                .toList();
    }

    public static String describe(SingleValidationMessage m) {
        return m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage();
    }

    /**
     * The base R4 validator. The messages declare UK Core profiles, whose StructureDefinitions the build does not
     * have (docs/health-fhir.md): a profile it cannot find is a warning, not an error, so the base specification is
     * still checked in full. That the profiles are declared, and UK Core's key constraints, the adapters'
     * UkCoreProfilesTest checks.
     */
    static FhirInstanceValidator instanceValidator(ValidationSupportChain chain) {
        FhirInstanceValidator validator = new FhirInstanceValidator(chain);
        validator.setErrorForUnknownProfiles(false);
        return validator;
    }
}

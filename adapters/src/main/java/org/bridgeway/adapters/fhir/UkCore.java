package org.bridgeway.adapters.fhir;

import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;

/**
 * The UK Core (HL7 UK's FHIR R4 profiles for England) that Bridgeway's health messages declare and use: a profile in
 * {@code meta.profile} for every resource in the message, the NHS number verification status on the NHS number, and
 * the NHS ethnic category ({@link NhsEthnicCategory}). Canonical URLs as UK Core publishes them (docs/health-fhir.md).
 *
 * <p>The message Bundle itself declares none: UKCore-Bundle is still a draft that constrains nothing a message needs,
 * and a profile declared on the root of what a receiver validates is one its validator must resolve or refuse the
 * whole message (HAPI does), where an unresolved profile on an entry is only a warning.
 */
public final class UkCore {
    public static final String STRUCTURE_DEFINITION = "https://fhir.hl7.org.uk/StructureDefinition/";
    public static final String CODE_SYSTEM = "https://fhir.hl7.org.uk/CodeSystem/";

    public static final String MESSAGE_HEADER = STRUCTURE_DEFINITION + "UKCore-MessageHeader";
    public static final String PATIENT = STRUCTURE_DEFINITION + "UKCore-Patient";
    public static final String ORGANIZATION = STRUCTURE_DEFINITION + "UKCore-Organization";
    public static final String EPISODE_OF_CARE = STRUCTURE_DEFINITION + "UKCore-EpisodeOfCare";
    public static final String FLAG = STRUCTURE_DEFINITION + "UKCore-Flag";

    public static final String NHS_NUMBER_VERIFICATION_STATUS_EXTENSION =
            STRUCTURE_DEFINITION + "Extension-UKCore-NHSNumberVerificationStatus";
    public static final String NHS_NUMBER_VERIFICATION_STATUS_SYSTEM =
            CODE_SYSTEM + "UKCore-NHSNumberVerificationStatusEngland";
    /**
     * What Bridgeway can truthfully say of every NHS number it carries: "02 Number present but not traced". The
     * number comes from the council's, school's or force's own record; the gateway checks its modulus-11 check
     * digit, which proves it well formed, not that it belongs to this child. Only a trace against the Personal
     * Demographics Service verifies a number (01), and neither the gateway nor the SSDA903 return does one.
     */
    public static final String NUMBER_PRESENT_NOT_TRACED = "02";
    static final String NUMBER_PRESENT_NOT_TRACED_DISPLAY = "Number present but not traced";

    public static final String ETHNIC_CATEGORY_EXTENSION = STRUCTURE_DEFINITION + "Extension-UKCore-EthnicCategory";
    public static final String ETHNIC_CATEGORY_SYSTEM = CODE_SYSTEM + "UKCore-EthnicCategoryEngland";

    private UkCore() {
    }

    /** Declares the resource's UK Core profile. */
    static <T extends Resource> T profiled(T resource, String profile) {
        resource.getMeta().addProfile(profile);
        return resource;
    }

    /** The NHS number identifier as UK Core's Patient slices it, with its verification status. */
    static void addNhsNumber(Patient patient, String nhsNumber) {
        patient.addIdentifier().setSystem(FhirPlacementRenderer.NHS_NUMBER_SYSTEM).setValue(nhsNumber)
                .addExtension(NHS_NUMBER_VERIFICATION_STATUS_EXTENSION, new CodeableConcept(new Coding(
                        NHS_NUMBER_VERIFICATION_STATUS_SYSTEM, NUMBER_PRESENT_NOT_TRACED,
                        NUMBER_PRESENT_NOT_TRACED_DISPLAY)));
    }

    /** The NHS ethnic category of an SSDA903 ethnicity code, when the code is one the mapping knows. */
    static void addEthnicCategory(Patient patient, String ssda903Code) {
        NhsEthnicCategory.fromSsda903(ssda903Code).ifPresent(category -> patient.addExtension(
                ETHNIC_CATEGORY_EXTENSION, new CodeableConcept(new Coding(ETHNIC_CATEGORY_SYSTEM, category.code(),
                        category.display()))));
    }
}

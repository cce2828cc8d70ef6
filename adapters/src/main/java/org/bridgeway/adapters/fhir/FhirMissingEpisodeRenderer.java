package org.bridgeway.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;

/**
 * Renders a minimised missing-episode update as a FHIR R4 message for a child's health team: a {@code Bundle} of type
 * {@code message} holding, in this order,
 *
 * <ol>
 *   <li>a {@code MessageHeader} (as for every Bridgeway message, {@link FhirMessage}) whose event is
 *       {@value #EVENT_SYSTEM}|{@code missing-reported}, {@code missing-risk-changed}, {@code missing-found} or
 *       {@code missing-closed} (from {@code episode.update}), focus = the Flag;</li>
 *   <li>a {@code Flag}: category {@value #FLAG_CATEGORY_SYSTEM}|missing-episode, code the SSDA903 MISSING code
 *       ({@value #MISSING_TYPE_SYSTEM}|M or A), status active while the child is missing and inactive once found or
 *       closed, period = {@code episode.start} to {@code episode.end}, subject = the Patient, author = the sender,
 *       identifiers the gateway's episode id and the force's reference, and extensions for the risk grade
 *       ({@value #RISK_LEVEL_EXTENSION}), the child's condition when found, the police prevention interview, health
 *       concerns on return, whether the child is looked after and by which authority;</li>
 *   <li>the {@code Patient} (NHS number, the authority's child id, UPN, name, sex, birth date, home postcode);</li>
 *   <li>the sender and the recipient {@code Organization}.</li>
 * </ol>
 *
 * <p>A health message carries what a health team acts on, so the other fields of a missing-episode notice (the
 * circumstances, associates, places, Philomena details, the placement the child went missing from) have no place
 * in it and are never rendered, even when an agreement permits them; every element that is rendered is written only
 * when its field is in the minimised notice, so a withheld field appears nowhere. Deterministic and thread-safe as
 * {@link FhirPlacementRenderer}.
 */
public final class FhirMissingEpisodeRenderer implements NoticeRenderer {
    public static final String EVENT_SYSTEM = FhirPlacementRenderer.CODE_SYSTEM + "missing-episode-event";
    public static final String FLAG_CATEGORY_SYSTEM = FhirPlacementRenderer.CODE_SYSTEM + "flag-category";
    public static final String FLAG_CATEGORY = "missing-episode";
    public static final String MISSING_TYPE_SYSTEM = FhirPlacementRenderer.CODE_SYSTEM + "ssda903-missing";
    public static final String RISK_LEVEL_SYSTEM = FhirPlacementRenderer.CODE_SYSTEM + "missing-risk-level";
    public static final String FOUND_CONDITION_SYSTEM = FhirPlacementRenderer.CODE_SYSTEM + "missing-found-condition";
    public static final String PREVENTION_INTERVIEW_SYSTEM =
            FhirPlacementRenderer.CODE_SYSTEM + "missing-prevention-interview";
    public static final String EPISODE_ID_SYSTEM = FhirPlacementRenderer.BASE + "Id/missing-episode-id";
    /** Followed by the force's data.police.uk id: each force numbers its reports itself. */
    public static final String POLICE_REFERENCE_SYSTEM_PREFIX = FhirPlacementRenderer.BASE + "Id/police-reference/";

    public static final String RISK_LEVEL_EXTENSION = FhirPlacementRenderer.EXTENSION + "missing-risk-level";
    public static final String FOUND_CONDITION_EXTENSION = FhirPlacementRenderer.EXTENSION + "missing-found-condition";
    public static final String PREVENTION_INTERVIEW_EXTENSION =
            FhirPlacementRenderer.EXTENSION + "missing-prevention-interview";
    public static final String HEALTH_CONCERNS_EXTENSION = FhirPlacementRenderer.EXTENSION + "missing-health-concerns";
    public static final String LOOKED_AFTER_EXTENSION = FhirPlacementRenderer.EXTENSION + "looked-after";
    public static final String RESPONSIBLE_AUTHORITY_EXTENSION =
            FhirPlacementRenderer.EXTENSION + "responsible-local-authority";

    /** The message event of each update. */
    static final Map<String, String> EVENTS = Map.of("REPORTED", "missing-reported",
            "RISK_REGRADED", "missing-risk-changed", "FOUND", "missing-found", "CLOSED", "missing-closed");
    private static final Map<String, String> TYPE_DISPLAY = Map.of("M", "Missing (whereabouts unknown)",
            "A", "Away from placement without authorisation");

    private final FhirContext context;

    public FhirMissingEpisodeRenderer() {
        this(FhirPlacementRenderer.sharedContext());
    }

    /** Uses the given context, which must be R4. */
    public FhirMissingEpisodeRenderer(FhirContext context) {
        Objects.requireNonNull(context, "context");
        if (context.getVersion().getVersion() != FhirVersionEnum.R4) {
            throw new IllegalArgumentException("FhirMissingEpisodeRenderer needs an R4 FhirContext, not "
                    + context.getVersion().getVersion());
        }
        this.context = context;
    }

    @Override
    public String format() {
        return FhirPlacementRenderer.FORMAT;
    }

    @Override
    public String mediaType() {
        return FhirPlacementRenderer.MEDIA_TYPE;
    }

    @Override
    public byte[] render(MinimisedNotice notice) {
        // compact, as the placement renderer encodes (its render says why)
        return context.newJsonParser().encodeResourceToString(toBundle(notice))
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The message bundle {@link #render} serialises; a new object on every call. */
    public Bundle toBundle(MinimisedNotice notice) {
        return FhirMessage.of(notice, ExchangeType.MISSING_EPISODE, "FhirMissingEpisodeRenderer", this::build);
    }

    /** The message event of the notice's update; the exchange type itself when the update was withheld. */
    static Coding event(MinimisedNotice n) {
        return n.field(Fields.UPDATE).map(EVENTS::get)
                .map(code -> new Coding(EVENT_SYSTEM, code, null))
                .orElseGet(() -> new Coding(FhirPlacementRenderer.EXCHANGE_TYPE_SYSTEM, n.exchangeType().slug(), null));
    }

    private Bundle build(MinimisedNotice n) {
        String flagUrl = FhirMessage.fullUrl(n, "flag");
        String patientUrl = FhirMessage.fullUrl(n, "patient");
        Bundle bundle = FhirMessage.start(n, event(n), flagUrl);
        FhirMessage.add(bundle, flagUrl, flag(n, patientUrl, FhirMessage.fullUrl(n, FhirMessage.SENDER)));
        FhirMessage.add(bundle, patientUrl, patient(n));
        FhirMessage.addOrganisations(bundle, n);
        return bundle;
    }

    private static Flag flag(MinimisedNotice n, String patientUrl, String senderUrl) {
        Flag flag = UkCore.profiled(new Flag(), UkCore.FLAG);
        n.field(Fields.EPISODE_ID).ifPresent(v -> flag.addIdentifier().setSystem(EPISODE_ID_SYSTEM).setValue(v));
        Optional<String> force = n.field(Fields.REPORTING_FORCE);
        n.field(Fields.POLICE_REFERENCE).ifPresent(v -> force.ifPresent(f ->
                flag.addIdentifier().setSystem(POLICE_REFERENCE_SYSTEM_PREFIX + f).setValue(v)));
        n.field(Fields.RISK_LEVEL).ifPresent(v ->
                flag.addExtension(RISK_LEVEL_EXTENSION, new Coding(RISK_LEVEL_SYSTEM, v, null)));
        n.field(Fields.FOUND_CONDITION).ifPresent(v -> {
            for (String code : v.split(",")) {
                flag.addExtension(FOUND_CONDITION_EXTENSION, new Coding(FOUND_CONDITION_SYSTEM, code, null));
            }
        });
        n.field(Fields.PREVENTION_INTERVIEW).ifPresent(v -> flag.addExtension(PREVENTION_INTERVIEW_EXTENSION,
                new Coding(PREVENTION_INTERVIEW_SYSTEM, v, null)));
        n.field(Fields.HEALTH_CONCERNS).ifPresent(v -> flag.addExtension(HEALTH_CONCERNS_EXTENSION,
                new StringType(v)));
        n.field(Fields.CHILD_LOOKED_AFTER).ifPresent(v -> flag.addExtension(LOOKED_AFTER_EXTENSION,
                new BooleanType(Boolean.parseBoolean(v))));
        n.field(Fields.CHILD_PLACING_AUTHORITY).ifPresent(v -> flag.addExtension(RESPONSIBLE_AUTHORITY_EXTENSION,
                new Reference().setIdentifier(new Identifier().setSystem(FhirPlacementRenderer.DFE_LA_CODE_SYSTEM)
                        .setValue(v))));
        boolean over = n.field(Fields.END).isPresent()
                || n.field(Fields.UPDATE).filter(u -> u.equals("FOUND") || u.equals("CLOSED")).isPresent();
        flag.setStatus(over ? Flag.FlagStatus.INACTIVE : Flag.FlagStatus.ACTIVE);
        flag.addCategory(new CodeableConcept(new Coding(FLAG_CATEGORY_SYSTEM, FLAG_CATEGORY,
                "Missing or away from home or care")));
        flag.setCode(n.field(Fields.TYPE)
                .map(v -> new CodeableConcept(new Coding(MISSING_TYPE_SYSTEM, v, TYPE_DISPLAY.get(v))))
                .orElseGet(() -> new CodeableConcept().setText("Missing or away from home or care")));
        flag.setSubject(new Reference(patientUrl));
        Optional<String> start = n.field(Fields.START);
        Optional<String> end = n.field(Fields.END);
        if (start.isPresent() || end.isPresent()) {
            Period period = new Period();
            start.ifPresent(v -> period.setStartElement(new DateTimeType(v)));
            end.ifPresent(v -> period.setEndElement(new DateTimeType(v)));
            flag.setPeriod(period);
        }
        flag.setAuthor(FhirMessage.reference(senderUrl, n.sender().name()));
        return flag;
    }

    private static Patient patient(MinimisedNotice n) {
        Patient patient = UkCore.profiled(new Patient(), UkCore.PATIENT);
        n.field(Fields.CHILD_NHS_NUMBER).ifPresent(v -> UkCore.addNhsNumber(patient, v));
        // a child id is the placing authority's: without that authority's number it names no one, so it goes too
        n.field(Fields.CHILD_LOCAL_ID).ifPresent(v -> n.field(Fields.CHILD_PLACING_AUTHORITY).ifPresent(la ->
                patient.addIdentifier().setSystem(FhirPlacementRenderer.LA_CHILD_ID_SYSTEM_PREFIX + la).setValue(v)));
        n.field(Fields.CHILD_UPN).ifPresent(v ->
                patient.addIdentifier().setSystem(FhirPlacementRenderer.UPN_SYSTEM).setValue(v));
        Optional<String> given = n.field(Fields.CHILD_GIVEN_NAME);
        Optional<String> family = n.field(Fields.CHILD_FAMILY_NAME);
        if (given.isPresent() || family.isPresent()) {
            HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL);
            family.ifPresent(name::setFamily);
            given.ifPresent(name::addGiven);
        }
        n.field(Fields.CHILD_SEX).ifPresent(v -> patient.setGender(FhirMessage.gender(v)));
        n.field(Fields.CHILD_DATE_OF_BIRTH).ifPresent(v -> patient.setBirthDateElement(new DateType(v)));
        n.field(Fields.CHILD_HOME_POSTCODE).ifPresent(v -> patient.addAddress()
                .setUse(Address.AddressUse.HOME).setPostalCode(v).setCountry("GB"));
        return patient;
    }
}

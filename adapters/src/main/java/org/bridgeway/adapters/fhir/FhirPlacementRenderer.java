package org.bridgeway.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.parser.IParser;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.bridgeway.adapters.NoticeRenderer;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementChange;
import org.bridgeway.model.PlacementEvent;
import org.bridgeway.model.PlacementNotice.Fields;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/**
 * Renders a minimised placement notice as a FHIR R4 message: a {@code Bundle} of type {@code message} holding,
 * in this order,
 *
 * <ol>
 *   <li>a {@code MessageHeader}: event {@value #EXCHANGE_TYPE_SYSTEM}|placement-notification, source endpoint
 *       {@value #SOURCE_ENDPOINT} named after the sender, one destination (endpoint
 *       {@code urn:bridgeway:mailbox:<recipient id>}, receiver = the recipient Organization), sender = the sender
 *       Organization, focus = the EpisodeOfCare;</li>
 *   <li>an {@code EpisodeOfCare} carrying the placement: status active, patient, period.start =
 *       {@code placement.startDate}, managingOrganization = the placing authority (the sender), {@code type}
 *       codings for legal status, placement type and placement provider, and extensions for the rest;</li>
 *   <li>the {@code Patient} (the child);</li>
 *   <li>the sender {@code Organization} (the placing local authority, DfE LA code);</li>
 *   <li>the recipient {@code Organization} (the health team, ODS code).</li>
 * </ol>
 *
 * <p>Every resource declares its UK Core profile in {@code meta.profile}; the Patient's NHS number carries UK Core's
 * verification status and its ethnicity UK Core's NHS ethnic category beside the SSDA903 code ({@link UkCore}).
 *
 * <p>Every element that carries notice data is written only when its field is in the notice's field map, so a
 * field the policy withheld appears nowhere in the bundle. Full URLs are {@code urn:uuid:} UUIDs derived from the
 * exchange id and the resource's role ({@link UUID#nameUUIDFromBytes}), so the same notice always renders to the
 * same bytes. The bundle identifier is the exchange id; its timestamp is {@code issuedAt} in UTC, to the
 * millisecond.
 *
 * <p>Thread-safe: the {@link FhirContext} is shared (lazily created once per JVM unless one is passed in) and a
 * new parser is made per call.
 */
public final class FhirPlacementRenderer implements NoticeRenderer {
    public static final String FORMAT = "fhir-r4";
    public static final String MEDIA_TYPE = "application/fhir+json";

    /**
     * The one base of every canonical URL Bridgeway mints: code systems under {@code fhir/CodeSystem/} (each
     * published as a CodeSystem resource in {@value #PUBLISHED_CODE_SYSTEMS}), extensions under
     * {@code fhir/StructureDefinition/}, identifier systems under {@code Id/}. Stable: a recipient may store codes
     * by these URLs, so they never change with a deployment.
     */
    public static final String BASE = "https://bridgeway.org.uk/";
    public static final String CODE_SYSTEM = BASE + "fhir/CodeSystem/";
    public static final String EXTENSION = BASE + "fhir/StructureDefinition/";
    /** Class-path folder of the published CodeSystem resources, one {@code <name>.json} per code system. */
    public static final String PUBLISHED_CODE_SYSTEMS = "fhir/CodeSystem/";

    public static final String EXCHANGE_TYPE_SYSTEM = CODE_SYSTEM + "exchange-type";
    public static final String LEGAL_STATUS_SYSTEM = CODE_SYSTEM + "ssda903-ls";
    public static final String PLACEMENT_TYPE_SYSTEM = CODE_SYSTEM + "ssda903-place";
    public static final String PLACEMENT_PROVIDER_SYSTEM = CODE_SYSTEM + "ssda903-place-provider";
    public static final String CATEGORY_OF_NEED_SYSTEM = CODE_SYSTEM + "ssda903-cin";
    public static final String REASON_FOR_NEW_EPISODE_SYSTEM = CODE_SYSTEM + "ssda903-rne";
    public static final String REASON_FOR_CHANGE_SYSTEM = CODE_SYSTEM + "ssda903-reason-place-change";
    public static final String ETHNICITY_SYSTEM = CODE_SYSTEM + "ssda903-ethnic";
    public static final String RISK_SYSTEM = CODE_SYSTEM + "placement-risk";
    public static final String PLACEMENT_EVENT_SYSTEM = CODE_SYSTEM + "placement-event";
    public static final String PLACEMENT_CHANGE_SYSTEM = CODE_SYSTEM + "placement-change";
    public static final String END_REASON_SYSTEM = CODE_SYSTEM + "ssda903-rec";

    public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
    public static final String ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code";
    public static final String DFE_LA_CODE_SYSTEM = BASE + "Id/dfe-la-code";
    public static final String POLICE_FORCE_SYSTEM = BASE + "Id/police-force";
    public static final String SCHOOL_URN_SYSTEM = BASE + "Id/school-urn";
    public static final String UPN_SYSTEM = BASE + "Id/upn";
    public static final String OFSTED_URN_SYSTEM = BASE + "Id/ofsted-urn";
    public static final String EXCHANGE_ID_SYSTEM = BASE + "Id/exchange-id";
    /** Followed by the placing authority's DfE LA code: each authority numbers its children itself. */
    public static final String LA_CHILD_ID_SYSTEM_PREFIX = BASE + "Id/la-child-id/";

    public static final String ETHNICITY_EXTENSION = EXTENSION + "ssda903-ethnicity";
    public static final String PLACEMENT_POSTCODE_EXTENSION = EXTENSION + "placement-postcode";
    public static final String PLACEMENT_LOCAL_AUTHORITY_EXTENSION = EXTENSION + "placement-local-authority";
    public static final String PLACEMENT_PROVIDER_URN_EXTENSION = EXTENSION + "placement-provider-urn";
    public static final String CATEGORY_OF_NEED_EXTENSION = EXTENSION + "placement-category-of-need";
    public static final String REASON_FOR_NEW_EPISODE_EXTENSION = EXTENSION + "placement-reason-for-new-episode";
    public static final String REASON_FOR_CHANGE_EXTENSION = EXTENSION + "placement-reason-for-change";
    public static final String RISK_EXTENSION = EXTENSION + "placement-risk";
    /** Complex: receivedOn, dueBy (date), workingDaysLate (integer), timeliness (code), emergency (boolean). */
    public static final String NOTIFICATION_TIMELINESS_EXTENSION = EXTENSION + "placement-notification-timeliness";
    public static final String OFFICE_CONTACT_EXTENSION = EXTENSION + "placing-authority-office-contact";
    public static final String OUT_OF_HOURS_CONTACT_EXTENSION = EXTENSION + "placing-authority-out-of-hours-contact";
    public static final String NAMES_NOT_CARRIED_EXTENSION = EXTENSION + "names-not-carried";
    public static final String HIGH_RISK_OF_EXPLOITATION_EXTENSION = EXTENSION + "high-risk-of-exploitation";
    public static final String PLACEMENT_EVENT_EXTENSION = EXTENSION + "placement-event";
    public static final String PLACEMENT_CHANGE_EXTENSION = EXTENSION + "placement-change";
    /** For an end the placement's end (also the period's end); for a change the previous placement's end. */
    public static final String PLACEMENT_END_DATE_EXTENSION = EXTENSION + "placement-end-date";
    public static final String END_REASON_EXTENSION = EXTENSION + "placement-end-reason";
    public static final String PREVIOUS_LOCAL_AUTHORITY_EXTENSION = EXTENSION + "placement-previous-local-authority";

    public static final String SOURCE_ENDPOINT = "urn:bridgeway:gateway";
    public static final String DESTINATION_ENDPOINT_PREFIX = "urn:bridgeway:mailbox:";

    private final FhirContext context;

    /** Uses the shared R4 context ({@link #sharedContext()}). */
    public FhirPlacementRenderer() {
        this(sharedContext());
    }

    /** Uses the given context, which must be R4 (for example one the gateway already holds). */
    public FhirPlacementRenderer(FhirContext context) {
        Objects.requireNonNull(context, "context");
        if (context.getVersion().getVersion() != FhirVersionEnum.R4) {
            throw new IllegalArgumentException("FhirPlacementRenderer needs an R4 FhirContext, not "
                    + context.getVersion().getVersion());
        }
        this.context = context;
    }

    /** One R4 context per JVM, created on first use (creating one takes a noticeable fraction of a second). */
    public static FhirContext sharedContext() {
        return SharedContext.INSTANCE;
    }

    private static final class SharedContext {
        static final FhirContext INSTANCE = newContext();

        /** Every reference in the bundle is a full URL to another entry, so nothing needs to be contained:
         *  skipping HAPI's search for containable targets makes encoding about a quarter faster. */
        private static FhirContext newContext() {
            FhirContext context = FhirContext.forR4();
            context.getParserOptions().setAutoContainReferenceTargetsWithNoId(false);
            return context;
        }
    }

    /** Parses rendered bytes back into a Bundle with the shared context (for tests and FHIR-speaking recipients). */
    public static Bundle parse(byte[] rendered) {
        return sharedContext().newJsonParser().parseResource(Bundle.class,
                new String(rendered, StandardCharsets.UTF_8));
    }

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    @Override
    public byte[] render(MinimisedNotice notice) {
        // compact, as FHIR servers answer: HAPI's pretty printer cost the governed pipeline 4-13% of its CPU in
        // three paired runs, and each bundle a third more bytes in the outbox, the journal and the mailbox
        // (docs/benchmarks.md)
        IParser parser = context.newJsonParser();
        return parser.encodeResourceToString(toBundle(notice)).getBytes(StandardCharsets.UTF_8);
    }

    /** The message bundle {@link #render} serialises; a new object on every call. */
    public Bundle toBundle(MinimisedNotice notice) {
        return FhirMessage.of(notice, ExchangeType.PLACEMENT_NOTIFICATION, "FhirPlacementRenderer", this::build);
    }

    private Bundle build(MinimisedNotice n) {
        String placementUrl = FhirMessage.fullUrl(n, "placement");
        String patientUrl = FhirMessage.fullUrl(n, "patient");
        String senderUrl = FhirMessage.fullUrl(n, FhirMessage.SENDER);

        Bundle bundle = FhirMessage.start(n, new Coding(EXCHANGE_TYPE_SYSTEM, n.exchangeType().slug(), null),
                placementUrl);
        FhirMessage.add(bundle, placementUrl, placement(n, patientUrl, senderUrl));
        FhirMessage.add(bundle, patientUrl, patient(n));
        FhirMessage.addOrganisations(bundle, n);
        return bundle;
    }

    /** How timely the notice was, as the gateway measured it, in one complex extension: only what was permitted. */
    private static void timeliness(MinimisedNotice n, EpisodeOfCare episode) {
        Extension timeliness = new Extension(NOTIFICATION_TIMELINESS_EXTENSION);
        n.field(Fields.NOTIFICATION_RECEIVED_ON).ifPresent(v -> timeliness.addExtension("receivedOn", new DateType(v)));
        n.field(Fields.NOTIFICATION_DUE_BY).ifPresent(v -> timeliness.addExtension("dueBy", new DateType(v)));
        n.field(Fields.NOTIFICATION_WORKING_DAYS_LATE).ifPresent(v ->
                timeliness.addExtension("workingDaysLate", new IntegerType(v)));
        n.field(Fields.NOTIFICATION_TIMELINESS).ifPresent(v -> timeliness.addExtension("timeliness", new CodeType(v)));
        n.field(Fields.PLACEMENT_EMERGENCY).ifPresent(v ->
                timeliness.addExtension("emergency", new BooleanType(Boolean.parseBoolean(v))));
        if (timeliness.hasExtension()) {
            episode.addExtension(timeliness);
        }
    }

    private static EpisodeOfCare placement(MinimisedNotice n, String patientUrl, String senderUrl) {
        EpisodeOfCare episode = UkCore.profiled(new EpisodeOfCare(), UkCore.EPISODE_OF_CARE);
        boolean ended = n.field(Fields.PLACEMENT_EVENT).filter(PlacementEvent.ENDED.code()::equals).isPresent();
        // to the area a child left, a move is the end of the placement there: the new one is the new area's
        boolean movedAway = n.field(Fields.PLACEMENT_CHANGE).filter(PlacementChange.MOVED_AREA.code()::equals)
                .isPresent();
        episode.setStatus(ended || movedAway ? EpisodeOfCare.EpisodeOfCareStatus.FINISHED
                : EpisodeOfCare.EpisodeOfCareStatus.ACTIVE);
        n.field(Fields.PLACEMENT_EVENT).ifPresent(v ->
                episode.addExtension(PLACEMENT_EVENT_EXTENSION, new Coding(PLACEMENT_EVENT_SYSTEM, v, null)));
        n.field(Fields.PLACEMENT_CHANGE).ifPresent(v ->
                episode.addExtension(PLACEMENT_CHANGE_EXTENSION, new Coding(PLACEMENT_CHANGE_SYSTEM, v, null)));
        n.field(Fields.PLACEMENT_END_DATE).ifPresent(v ->
                episode.addExtension(PLACEMENT_END_DATE_EXTENSION, new DateType(v)));
        n.field(Fields.PLACEMENT_END_REASON).ifPresent(v ->
                episode.addExtension(END_REASON_EXTENSION, new Coding(END_REASON_SYSTEM, v, null)));
        n.field(Fields.PLACEMENT_PREVIOUS_LOCAL_AUTHORITY).ifPresent(v -> episode.addExtension(
                PREVIOUS_LOCAL_AUTHORITY_EXTENSION,
                new Reference().setIdentifier(new Identifier().setSystem(DFE_LA_CODE_SYSTEM).setValue(v))));
        n.field(Fields.HIGH_RISK_OF_EXPLOITATION).ifPresent(v ->
                episode.addExtension(HIGH_RISK_OF_EXPLOITATION_EXTENSION, new BooleanType(Boolean.parseBoolean(v))));
        n.field(Fields.PLACEMENT_LEGAL_STATUS).ifPresent(v -> episode.addType(concept(LEGAL_STATUS_SYSTEM, v)));
        n.field(Fields.PLACEMENT_TYPE).ifPresent(v -> episode.addType(concept(PLACEMENT_TYPE_SYSTEM, v)));
        n.field(Fields.PLACEMENT_PROVIDER).ifPresent(v -> episode.addType(concept(PLACEMENT_PROVIDER_SYSTEM, v)));
        n.field(Fields.PLACEMENT_REASON_FOR_NEW_EPISODE).ifPresent(v ->
                episode.addExtension(REASON_FOR_NEW_EPISODE_EXTENSION, new Coding(REASON_FOR_NEW_EPISODE_SYSTEM, v, null)));
        n.field(Fields.PLACEMENT_CATEGORY_OF_NEED).ifPresent(v ->
                episode.addExtension(CATEGORY_OF_NEED_EXTENSION, new Coding(CATEGORY_OF_NEED_SYSTEM, v, null)));
        n.field(Fields.PLACEMENT_REASON_FOR_CHANGE).ifPresent(v ->
                episode.addExtension(REASON_FOR_CHANGE_EXTENSION, new Coding(REASON_FOR_CHANGE_SYSTEM, v, null)));
        n.field(Fields.PLACEMENT_POSTCODE).ifPresent(v ->
                episode.addExtension(PLACEMENT_POSTCODE_EXTENSION, new Address().setPostalCode(v).setCountry("GB")));
        n.field(Fields.PLACEMENT_LOCAL_AUTHORITY).ifPresent(v -> episode.addExtension(
                PLACEMENT_LOCAL_AUTHORITY_EXTENSION,
                new Reference().setIdentifier(new Identifier().setSystem(DFE_LA_CODE_SYSTEM).setValue(v))));
        n.field(Fields.PLACEMENT_PROVIDER_URN).ifPresent(v -> episode.addExtension(PLACEMENT_PROVIDER_URN_EXTENSION,
                new Identifier().setSystem(OFSTED_URN_SYSTEM).setValue(v)));
        n.field(Fields.RISKS).ifPresent(v -> {
            for (String code : v.split(",")) {
                if (!code.isBlank()) {
                    episode.addExtension(RISK_EXTENSION, new Coding(RISK_SYSTEM, code.trim(), null));
                }
            }
        });
        timeliness(n, episode);
        n.field(Fields.PLACING_AUTHORITY_OFFICE_CONTACT).ifPresent(v ->
                episode.addExtension(OFFICE_CONTACT_EXTENSION, new StringType(v)));
        n.field(Fields.PLACING_AUTHORITY_OUT_OF_HOURS_CONTACT).ifPresent(v ->
                episode.addExtension(OUT_OF_HOURS_CONTACT_EXTENSION, new StringType(v)));
        episode.setPatient(new Reference(patientUrl));
        episode.setManagingOrganization(FhirMessage.reference(senderUrl, n.sender().name()));
        if (movedAway) {
            // the move's date (or the old placement's end, where given) ends the episode in the area left; when it
            // began there is in the start that area was sent
            n.field(Fields.PLACEMENT_END_DATE).or(() -> n.field(Fields.PLACEMENT_START_DATE)).ifPresent(v ->
                    episode.setPeriod(new Period().setEndElement(new DateTimeType(v))));
        } else {
            n.field(Fields.PLACEMENT_START_DATE).ifPresent(v ->
                    episode.setPeriod(new Period().setStartElement(new DateTimeType(v))));
        }
        if (ended) {
            n.field(Fields.PLACEMENT_END_DATE).ifPresent(v -> episode.getPeriod().setEndElement(new DateTimeType(v)));
        }
        return episode;
    }

    private static Patient patient(MinimisedNotice n) {
        Patient patient = UkCore.profiled(new Patient(), UkCore.PATIENT);
        n.field(Fields.CHILD_NHS_NUMBER).ifPresent(v -> UkCore.addNhsNumber(patient, v));
        n.field(Fields.CHILD_LOCAL_ID).ifPresent(v -> patient.addIdentifier()
                .setSystem(LA_CHILD_ID_SYSTEM_PREFIX + placingAuthorityCode(n)).setValue(v));
        n.field(Fields.CHILD_UPN).ifPresent(v -> patient.addIdentifier().setSystem(UPN_SYSTEM).setValue(v));
        n.field(Fields.CHILD_NAMES_NOT_CARRIED).ifPresent(v ->
                patient.addExtension(NAMES_NOT_CARRIED_EXTENSION, new StringType(v)));
        n.field(Fields.CHILD_ETHNICITY).ifPresent(v -> {
            UkCore.addEthnicCategory(patient, v);
            patient.addExtension(ETHNICITY_EXTENSION, new CodeableConcept(new Coding(ETHNICITY_SYSTEM, v, null)));
        });
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

    /**
     * The authority whose child ids the local id belongs to: the placing authority field when it was disclosed,
     * otherwise the sender (for a placement notice the placing authority is the sender, whose code the recipient
     * sees anyway).
     */
    private static String placingAuthorityCode(MinimisedNotice n) {
        return n.field(Fields.PLACING_AUTHORITY).orElse(n.sender().code());
    }

    /** The identifier system of an organisation's code: DfE LA number, ODS code, police force id or school URN. */
    public static String identifierSystem(Organisation org) {
        return switch (org.type()) {
            case LOCAL_AUTHORITY -> DFE_LA_CODE_SYSTEM;
            case HEALTH_TEAM -> ODS_SYSTEM;
            case POLICE_FORCE -> POLICE_FORCE_SYSTEM;
            case SCHOOL -> SCHOOL_URN_SYSTEM;
        };
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    /** The deterministic UUID of one resource of an exchange, e.g. role "patient". */
    public static UUID uuid(MinimisedNotice notice, String role) {
        return UUID.nameUUIDFromBytes(("bridgeway:" + notice.exchangeId() + ":" + role + ":"
                + notice.recipient().id()).getBytes(StandardCharsets.UTF_8));
    }

}

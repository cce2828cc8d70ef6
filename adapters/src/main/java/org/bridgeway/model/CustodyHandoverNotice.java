package org.bridgeway.model;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One step of a custody handover (PACE 1984 s.38(6)): a child charged and refused bail must be moved from police
 * custody to local authority accommodation unless the custody officer certifies why not (s.38(7)). The force requests
 * ({@link HandoverStep#REQUESTED}); each asked authority may acknowledge; the first to answer owns the handover (every
 * answer accepts: {@link HandoverDecision}); the force closes it by the transfer or by a certificate.
 *
 * <p>The request names no handover: the gateway assigns {@code handover.id} ({@value #HANDOVER_ID_PREFIX} and a
 * time-ordered id) and the gateway's record of who was asked ({@link HandoverRecord}), which every later step carries
 * too ({@link #withRecord}), so that each notice stands on its own for its recipients, its policy decision and its
 * audit facts. Every part validates itself; the static {@code check} methods apply the same rules to values that may
 * be missing, so that a reader reports every problem at once. Rules that need the time now belong to the readers.
 */
public record CustodyHandoverNotice(
        String exchangeId,
        String idempotencyKey,
        Organisation sender,
        HandoverStep step,
        OffsetDateTime stepAt,
        Optional<String> handoverId,
        Optional<Request> request,
        Optional<Acknowledgement> acknowledgement,
        Optional<Answer> answer,
        Optional<Transfer> transfer,
        Optional<Certificate> certificate,
        Optional<HandoverRecord> record) implements Notice {
    private static final Pattern CUSTODY_REFERENCE_SHAPE = Pattern.compile("[A-Za-z0-9/._-]{1,64}");

    /** The stable dotted names of the fields a custody-handover notice carries. */
    public static final class Fields {
        public static final String FORCE = "custody.force";
        public static final String SUITE = "custody.suite";
        public static final String REFERENCE = "custody.reference";
        public static final String CONTACT_OFFICER = "custody.contactOfficer";
        public static final String ARRIVAL_TIME = "custody.arrivalTime";
        public static final String APPROPRIATE_ADULT = "custody.appropriateAdult";
        public static final String HEALTH_NEEDS = "custody.healthNeeds";
        public static final String CHILD_GIVEN_NAME = ChildIdentity.Fields.GIVEN_NAME;
        public static final String CHILD_FAMILY_NAME = ChildIdentity.Fields.FAMILY_NAME;
        public static final String CHILD_DATE_OF_BIRTH = ChildIdentity.Fields.DATE_OF_BIRTH;
        public static final String CHILD_SEX = ChildIdentity.Fields.SEX;
        public static final String CHILD_HOME_POSTCODE = "child.homePostcode";
        public static final String CHILD_LOOKED_AFTER = "child.lookedAfter";
        public static final String CHILD_RESPONSIBLE_AUTHORITY = "child.responsibleAuthority";
        public static final String ARREST_TIME = "arrest.time";
        public static final String CHARGE_TIME = "charge.time";
        public static final String OFFENCES = "charge.offences";
        public static final String BAIL_REFUSAL = "charge.bailRefusalReason";
        public static final String REQUEST_TIME = "transfer.requestTime";
        public static final String ACCOMMODATION_TYPE = "transfer.accommodationType";
        public static final String SECURE_JUSTIFICATION = "transfer.secureJustification";
        public static final String COURT = "transfer.courtAppearance";
        public static final String DECISION = "handover.decision";
        public static final String DECISION_TIME = "handover.decisionTime";
        public static final String DECISION_MAKER = "handover.decisionMaker";
        public static final String ACCOMMODATION_OFFERED = "handover.accommodationOffered";
        public static final String COLLECTION_TIME = "handover.collectionTime";
        public static final String TRANSPORT = "handover.transportArrangements";
        public static final String HANDOVER_ID = "handover.id";
        /** A policy fact: the agreements tell each party only of the steps that concern it. */
        public static final String STEP = "handover.step";
        public static final String SUITE_AUTHORITY = "handover.suiteAuthority";
        public static final String RESPONSIBLE_AUTHORITY = "handover.responsibleAuthority";
        public static final String RESPONSIBLE_FOUND_BY = "handover.responsibleFoundBy";
        public static final String ACTING_AUTHORITY = "handover.actingAuthority";
        public static final String ACKNOWLEDGED_AT = "handover.acknowledgedAt";
        public static final String ACKNOWLEDGED_BY = "handover.acknowledgedBy";
        public static final String CHILD_NHS_NUMBER = ChildIdentity.Fields.NHS_NUMBER;
        public static final String CHILD_LOCAL_ID = ChildIdentity.Fields.LOCAL_ID;
        public static final String COURT_SITTING_AT = "transfer.courtSittingAt";
        public static final String HANDED_OVER_AT = "transfer.handedOverAt";
        public static final String HANDED_OVER_TO = "transfer.handedOverTo";
        public static final String CERTIFICATE_LIMB = "certificate.limb";
        public static final String CERTIFICATE_REASON_CATEGORY = "certificate.reasonCategory";
        public static final String CERTIFICATE_REASON = "certificate.reason";
        public static final String CERTIFIED_BY = "certificate.certifiedBy";
        public static final String CERTIFIED_AT = "certificate.certifiedAt";
        public static final String CERTIFICATE_COURT = "certificate.court";
        public static final String AUTHORITY_FAILED = "certificate.authorityFailedToProvide";

        /** The published catalogue, {@link ExchangeType#fields()}, in its order. */
        public static final List<String> ALL = ExchangeType.CUSTODY_HANDOVER.fields();

        private Fields() {
        }
    }

    /** The exact keys of {@link #auditFacts()}: the Concordat report reads only these. */
    public static final class Facts {
        public static final String HANDOVER_ID = "handover.id";
        public static final String STEP = "handover.step";
        public static final String FORCE = "custody.force";
        public static final String SUITE_AUTHORITY = "handover.suiteAuthority";
        public static final String RESPONSIBLE_AUTHORITY = "handover.responsibleAuthority";
        public static final String STEP_AT = "handover.stepAt";
        public static final String ACCOMMODATION_TYPE = "transfer.accommodationType";
        public static final String RESPONSIBLE_FOUND_BY = "handover.responsibleFoundBy";
        public static final String ACTING_AUTHORITY = "handover.actingAuthority";
        public static final String DECISION = "handover.decision";
        public static final String LIMB = "certificate.limb";
        public static final String REASON_CATEGORY = "certificate.reasonCategory";
        public static final String AUTHORITY_FAILED = "certificate.authorityFailedToProvide";

        private Facts() {
        }
    }

    /** The stable ids of the rules this record enforces beyond those of its value types and {@link FreeText}. */
    public static final class Rules {
        public static final String ADULT = "handover.child.adult";
        public static final String UNDER_AGE_OF_RESPONSIBILITY = "handover.child.under-age-of-responsibility";
        public static final String DATE_OF_BIRTH_REQUIRED = "handover.child.dateOfBirth.required";
        public static final String BAIL_REFUSAL_REQUIRED = "charge.bailRefusalReason.required";
        public static final String BAIL_REFUSAL_DUPLICATE = "charge.bailRefusalReason.duplicate";
        public static final String ARREST_AFTER_CHARGE = "arrest.time.after-charge";
        public static final String CHARGE_BEFORE_BIRTH = "charge.time.before-birth";
        public static final String REQUEST_BEFORE_CHARGE = "transfer.requestTime.before-charge";
        public static final String SECURE_JUSTIFICATION_REQUIRED = "transfer.secureJustification.required";
        public static final String SECURE_UNDER_12 = "transfer.accommodationType.secure-under-12";
        public static final String JUSTIFICATION_NOT_SECURE = "transfer.secureJustification.not-secure";
        public static final String COURT_BEFORE_CHARGE = "transfer.courtSittingAt.before-charge";
        public static final String REFERENCE_FORMAT = "custody.reference.format";
        public static final String HANDOVER_ID_FORMAT = "handover.id.format";
        public static final String REASON_NOT_IMPRACTICABILITY = "certificate.reasonCategory.not-impracticability";
        public static final String REASON_OF_OTHER_LIMB = "certificate.reasonCategory.limb";
        public static final String STEP_PARTS = "handover.step.parts";
        public static final String SENDER = "handover.step.sender";

        private Rules() {
        }
    }

    /** How the gateway writes the handover ids it assigns: "CH-" and a time-ordered id. */
    public static final String HANDOVER_ID_PREFIX = "CH-";

    /**
     * The authorities a handover asks, suite first: the custody suite's, and the responsible one when it is another
     * (one authority that is both is asked once, as the suite authority).
     */
    public static List<DfeLaCode> askedAuthorities(DfeLaCode suite, Optional<DfeLaCode> responsible) {
        return responsible.filter(r -> !r.equals(suite)).map(r -> List.of(suite, r)).orElseGet(() -> List.of(suite));
    }
    /** PACE s.38(6) is for arrested juveniles: under 18 at charge (17-year-olds since CJCA 2015 s.42). */
    public static final int ADULT_AGE = 18;
    /** The secure limbs (s.38(6)(b), and secure accommodation) are for a child of 12 or over. */
    public static final int SECURE_MINIMUM_AGE = 12;
    /** The age of criminal responsibility in England and Wales: nobody younger is charged. */
    public static final int AGE_OF_CRIMINAL_RESPONSIBILITY = 10;
    static final int MAX_SHORT_TEXT = 200;
    static final int MAX_NARRATIVE = 2000;

    /** The accommodation the force requests. */
    public enum AccommodationType { NON_SECURE, SECURE }

    /**
     * The PACE 1984 s.38(1) grounds on which bail after charge was refused: (a)(i) name or address doubted, (ii)
     * failure to appear, (iii) further offences, (iv) injury or damage, (v) interference with justice, (vi) own
     * protection; and for an arrested juvenile (b)(ii) the juvenile's own interests.
     */
    public enum BailRefusalGround {
        NAME_OR_ADDRESS_DOUBTED, FAILURE_TO_APPEAR, FURTHER_OFFENCES, INJURY_OR_DAMAGE, INTERFERENCE_WITH_JUSTICE,
        OWN_PROTECTION, JUVENILE_OWN_INTERESTS;

        public static BailRefusalGround fromCode(String code) {
            try {
                return valueOf(code);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("charge.bailRefusalReason.code", "must be a PACE s.38(1) ground: "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
    }

    /** How the gateway found the responsible authority it asked besides the custody suite's. */
    public enum ResponsibleFoundBy {
        /** The locator index knows the child. */
        LOCATOR,
        /** The child's home postcode is in one authority's area. */
        HOME_POSTCODE,
        /** The force named it, and nothing the gateway knows contradicts it. */
        FORCE,
        /** Nobody: only the custody suite's authority is asked (the duty falls on every authority). */
        NOT_FOUND
    }

    /** The limb of PACE s.38(6) the custody officer certifies (s.38(7)). */
    public enum CertificateLimb {
        /** (a) by reason of the circumstances specified, transfer is impracticable. */
        IMPRACTICABLE,
        /** (b) a child of 12 or over: no secure accommodation, and other accommodation would not protect the public. */
        NO_SECURE_AND_INADEQUATE
    }

    /**
     * Why the transfer did not happen, as a category the Concordat figures count. PACE Code C Note 16D:
     * impracticability concerns the transport and travel requirements; neither the child's behaviour nor the offence
     * is a ground, and the lack of secure accommodation does not make a transfer impracticable. So those are no
     * category of the impracticable limb, and are refused by name ({@link #NOT_GROUNDS}).
     */
    public enum ReasonCategory {
        /** No safe means of conveying the child (no vehicle, no escort) could be found in time. */
        TRANSPORT_UNAVAILABLE(CertificateLimb.IMPRACTICABLE),
        /** The journey could not be made before the child must be brought before the court (PACE s.46). */
        JOURNEY_TOO_LONG_BEFORE_COURT(CertificateLimb.IMPRACTICABLE),
        /** Severe weather, closed roads or another travel emergency. */
        TRAVEL_DISRUPTION(CertificateLimb.IMPRACTICABLE),
        /** No asked authority answered in time (the authority failed to provide: Concordat principle 6). */
        NO_AUTHORITY_ANSWERED(CertificateLimb.IMPRACTICABLE),
        /** The authority that accepted did not collect the child in time. */
        AUTHORITY_DID_NOT_COLLECT(CertificateLimb.IMPRACTICABLE),
        /** No secure accommodation, and other accommodation would not protect the public from serious harm. */
        NO_SECURE_PUBLIC_PROTECTION(CertificateLimb.NO_SECURE_AND_INADEQUATE);

        /** What a custody officer may try to certify and Note 16D says is never a ground of impracticability. */
        public static final List<String> NOT_GROUNDS = List.of("BEHAVIOUR", "OFFENCE", "NATURE_OF_OFFENCE",
                "NO_SECURE_BED", "NO_SECURE_ACCOMMODATION");

        private final CertificateLimb limb;

        ReasonCategory(CertificateLimb limb) {
            this.limb = limb;
        }

        public CertificateLimb limb() {
            return limb;
        }

        /** Whether the category says an authority failed to provide (it did not answer, or did not collect). */
        public boolean authorityFailure() {
            return this == NO_AUTHORITY_ANSWERED || this == AUTHORITY_DID_NOT_COLLECT;
        }

        public static ReasonCategory fromCode(String code) {
            if (NOT_GROUNDS.contains(code)) {
                throw new InvalidValueException(Rules.REASON_NOT_IMPRACTICABILITY, "neither the child's behaviour,"
                        + " the offence, nor the lack of secure accommodation makes a transfer impracticable"
                        + " (PACE Code C Note 16D)");
            }
            try {
                return valueOf(code);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("certificate.reasonCategory.code", "must be one of "
                        + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
            }
        }
    }

    /** The child as the force knows it: its date of birth is required (the age at charge decides the duty). */
    public record Child(ChildIdentity identity, Optional<Postcode> homePostcode, Optional<Boolean> lookedAfter,
                        Optional<DfeLaCode> namedResponsibleAuthority) {
        public Child {
            Objects.requireNonNull(identity, "child");
            homePostcode = Objects.requireNonNullElse(homePostcode, Optional.empty());
            lookedAfter = Objects.requireNonNullElse(lookedAfter, Optional.empty());
            namedResponsibleAuthority = Objects.requireNonNullElse(namedResponsibleAuthority, Optional.empty());
            if (identity.dateOfBirth().isEmpty()) {
                throw new InvalidNoticeException(List.of(new FieldViolation(Fields.CHILD_DATE_OF_BIRTH,
                        Rules.DATE_OF_BIRTH_REQUIRED, "the child's date of birth is required: the age at charge"
                        + " decides whether PACE s.38(6) applies")));
            }
        }

        @Override
        public String toString() {
            return "Child[personal data withheld]";
        }
    }

    /** The force's request: the custody record, the child, the charge and bail, the accommodation and the court. */
    public record Request(String custodyReference, String custodySuite, DfeLaCode suiteAuthority,
                          String contactOfficer, Optional<OffsetDateTime> arrivalTime,
                          Optional<String> appropriateAdult, Optional<String> healthNeeds, Child child,
                          Optional<OffsetDateTime> arrestTime, OffsetDateTime chargeTime, Optional<String> offences,
                          List<BailRefusalGround> bailRefusalGrounds, AccommodationType accommodation,
                          Optional<String> secureJustification, String court, OffsetDateTime courtSittingAt) {
        public Request {
            Objects.requireNonNull(custodyReference, Fields.REFERENCE);
            Objects.requireNonNull(custodySuite, Fields.SUITE);
            Objects.requireNonNull(suiteAuthority, Fields.SUITE_AUTHORITY);
            Objects.requireNonNull(contactOfficer, Fields.CONTACT_OFFICER);
            arrivalTime = Objects.requireNonNullElse(arrivalTime, Optional.empty());
            appropriateAdult = stripped(appropriateAdult);
            healthNeeds = stripped(healthNeeds);
            Objects.requireNonNull(child, "child");
            arrestTime = Objects.requireNonNullElse(arrestTime, Optional.empty());
            Objects.requireNonNull(chargeTime, Fields.CHARGE_TIME);
            offences = stripped(offences);
            bailRefusalGrounds = List.copyOf(Objects.requireNonNullElse(bailRefusalGrounds, List.of()));
            Objects.requireNonNull(accommodation, Fields.ACCOMMODATION_TYPE);
            secureJustification = stripped(secureJustification);
            Objects.requireNonNull(court, Fields.COURT);
            Objects.requireNonNull(courtSittingAt, Fields.COURT_SITTING_AT);
            List<FieldViolation> v = new ArrayList<>(check(custodyReference, child.identity().dateOfBirth().get(),
                    arrestTime.orElse(null), chargeTime, bailRefusalGrounds, accommodation,
                    secureJustification.orElse(null), courtSittingAt));
            v.addAll(texts(custodySuite, contactOfficer, appropriateAdult.orElse(null), healthNeeds.orElse(null),
                    offences.orElse(null), secureJustification.orElse(null), court));
            InvalidNoticeException.throwIfAny(v);
        }

        /** The request's rules on values that may be absent (null: absent or already reported, and skipped). */
        public static List<FieldViolation> check(String custodyReference, LocalDate dateOfBirth,
                                                 OffsetDateTime arrestTime, OffsetDateTime chargeTime,
                                                 List<BailRefusalGround> bailRefusalGrounds,
                                                 AccommodationType accommodation, String secureJustification,
                                                 OffsetDateTime courtSittingAt) {
            List<FieldViolation> v = new ArrayList<>();
            if (custodyReference != null && !CUSTODY_REFERENCE_SHAPE.matcher(custodyReference).matches()) {
                v.add(new FieldViolation(Fields.REFERENCE, Rules.REFERENCE_FORMAT, "the custody record number must"
                        + " be 1 to 64 letters, digits, slashes, dots, hyphens or underscores"));
            }
            if (dateOfBirth != null && chargeTime != null) {
                LocalDate chargedOn = chargeTime.toLocalDate();
                if (chargedOn.isBefore(dateOfBirth)) {
                    v.add(new FieldViolation(Fields.CHARGE_TIME, Rules.CHARGE_BEFORE_BIRTH,
                            "is before the child's date of birth"));
                } else {
                    int age = Period.between(dateOfBirth, chargedOn).getYears();
                    if (age >= ADULT_AGE) {
                        v.add(new FieldViolation(Fields.CHILD_DATE_OF_BIRTH, Rules.ADULT, "the person was 18 or over"
                                + " when charged: PACE s.38(6) is for arrested juveniles"));
                    } else if (age < AGE_OF_CRIMINAL_RESPONSIBILITY) {
                        v.add(new FieldViolation(Fields.CHILD_DATE_OF_BIRTH, Rules.UNDER_AGE_OF_RESPONSIBILITY,
                                "a child under 10 cannot be charged (age of criminal responsibility)"));
                    } else if (accommodation == AccommodationType.SECURE && age < SECURE_MINIMUM_AGE) {
                        v.add(new FieldViolation(Fields.ACCOMMODATION_TYPE, Rules.SECURE_UNDER_12, "secure"
                                + " accommodation may be requested only for a child aged 12 or over at charge"));
                    }
                }
            }
            if (arrestTime != null && chargeTime != null && arrestTime.isAfter(chargeTime)) {
                v.add(new FieldViolation(Fields.ARREST_TIME, Rules.ARREST_AFTER_CHARGE, "is after the charge"));
            }
            if (bailRefusalGrounds != null && bailRefusalGrounds.isEmpty()) {
                v.add(new FieldViolation(Fields.BAIL_REFUSAL, Rules.BAIL_REFUSAL_REQUIRED, "at least one PACE"
                        + " s.38(1) ground for refusing bail is required: a child granted bail is not detained"));
            }
            if (bailRefusalGrounds != null && bailRefusalGrounds.stream().distinct().count() < bailRefusalGrounds.size()) {
                v.add(new FieldViolation(Fields.BAIL_REFUSAL, Rules.BAIL_REFUSAL_DUPLICATE, "lists a ground twice"));
            }
            if (accommodation == AccommodationType.SECURE && secureJustification == null) {
                v.add(new FieldViolation(Fields.SECURE_JUSTIFICATION, Rules.SECURE_JUSTIFICATION_REQUIRED, "a"
                        + " secure request needs the reason only secure accommodation would protect the public"));
            }
            if (accommodation == AccommodationType.NON_SECURE && secureJustification != null) {
                v.add(new FieldViolation(Fields.SECURE_JUSTIFICATION, Rules.JUSTIFICATION_NOT_SECURE,
                        "is given only with a secure request"));
            }
            if (courtSittingAt != null && chargeTime != null && !courtSittingAt.isAfter(chargeTime)) {
                v.add(new FieldViolation(Fields.COURT_SITTING_AT, Rules.COURT_BEFORE_CHARGE,
                        "the next court sitting must be after the charge"));
            }
            return v;
        }

        /** The rules of the request's free text. */
        public static List<FieldViolation> texts(String suite, String contactOfficer, String appropriateAdult,
                                                 String healthNeeds, String offences, String secureJustification,
                                                 String court) {
            List<FieldViolation> v = new ArrayList<>();
            text(v, Fields.SUITE, suite, MAX_SHORT_TEXT);
            text(v, Fields.CONTACT_OFFICER, contactOfficer, MAX_SHORT_TEXT);
            text(v, Fields.APPROPRIATE_ADULT, appropriateAdult, MAX_SHORT_TEXT);
            text(v, Fields.HEALTH_NEEDS, healthNeeds, MAX_NARRATIVE);
            text(v, Fields.OFFENCES, offences, MAX_NARRATIVE);
            text(v, Fields.SECURE_JUSTIFICATION, secureJustification, MAX_NARRATIVE);
            text(v, Fields.COURT, court, MAX_SHORT_TEXT);
            return v;
        }

        /** The child's age in whole years on the day of charge. */
        public int ageAtCharge() {
            return Period.between(child.identity().dateOfBirth().get(), chargeTime.toLocalDate()).getYears();
        }

        @Override
        public String toString() {
            return "Request[" + custodyReference + ", personal data withheld]";
        }
    }

    /** An asked authority has the request in hand: who (a role or name of the EDT worker). */
    public record Acknowledgement(String acknowledgedBy) {
        public Acknowledgement {
            Objects.requireNonNull(acknowledgedBy, Fields.ACKNOWLEDGED_BY);
            InvalidNoticeException.throwIfAny(FreeText.check(Fields.ACKNOWLEDGED_BY, acknowledgedBy, MAX_SHORT_TEXT));
        }
    }

    /** The answer: always an acceptance, with what accommodation, who decided, and how the child is collected. */
    public record Answer(HandoverDecision decision, String decisionMaker, Optional<String> accommodationOffered,
                         Optional<OffsetDateTime> collectionTime, Optional<String> transportArrangements) {
        public Answer {
            Objects.requireNonNull(decision, Fields.DECISION);
            Objects.requireNonNull(decisionMaker, Fields.DECISION_MAKER);
            accommodationOffered = stripped(accommodationOffered);
            collectionTime = Objects.requireNonNullElse(collectionTime, Optional.empty());
            transportArrangements = stripped(transportArrangements);
            InvalidNoticeException.throwIfAny(texts(decisionMaker, accommodationOffered.orElse(null),
                    transportArrangements.orElse(null)));
        }

        public static List<FieldViolation> texts(String decisionMaker, String accommodationOffered,
                                                 String transportArrangements) {
            List<FieldViolation> v = new ArrayList<>();
            text(v, Fields.DECISION_MAKER, decisionMaker, MAX_SHORT_TEXT);
            text(v, Fields.ACCOMMODATION_OFFERED, accommodationOffered, MAX_SHORT_TEXT);
            text(v, Fields.TRANSPORT, transportArrangements, MAX_NARRATIVE);
            return v;
        }
    }

    /** The child handed over: to whom (the authority's worker, by role or name). */
    public record Transfer(String handedOverTo) {
        public Transfer {
            Objects.requireNonNull(handedOverTo, Fields.HANDED_OVER_TO);
            InvalidNoticeException.throwIfAny(FreeText.check(Fields.HANDED_OVER_TO, handedOverTo, MAX_SHORT_TEXT));
        }
    }

    /** The PACE s.38(7) certificate, produced to the court and sent to the asked authorities. */
    public record Certificate(CertificateLimb limb, ReasonCategory reasonCategory, String reason,
                              String certifiedBy, String court) {
        public Certificate {
            Objects.requireNonNull(limb, Fields.CERTIFICATE_LIMB);
            Objects.requireNonNull(reasonCategory, Fields.CERTIFICATE_REASON_CATEGORY);
            Objects.requireNonNull(reason, Fields.CERTIFICATE_REASON);
            Objects.requireNonNull(certifiedBy, Fields.CERTIFIED_BY);
            Objects.requireNonNull(court, Fields.CERTIFICATE_COURT);
            List<FieldViolation> v = new ArrayList<>(check(limb, reasonCategory));
            text(v, Fields.CERTIFICATE_REASON, reason, MAX_NARRATIVE);
            text(v, Fields.CERTIFIED_BY, certifiedBy, MAX_SHORT_TEXT);
            text(v, Fields.CERTIFICATE_COURT, court, MAX_SHORT_TEXT);
            InvalidNoticeException.throwIfAny(v);
        }

        /** A reason belongs to its limb: a transport reason never certifies the secure limb, nor the reverse. */
        public static List<FieldViolation> check(CertificateLimb limb, ReasonCategory reasonCategory) {
            if (limb != null && reasonCategory != null && reasonCategory.limb() != limb) {
                return List.of(new FieldViolation(Fields.CERTIFICATE_REASON_CATEGORY, Rules.REASON_OF_OTHER_LIMB,
                        limb == CertificateLimb.IMPRACTICABLE ? "impracticability concerns transport and travel or"
                                + " an authority that failed to provide (PACE Code C Note 16D), not the lack of"
                                + " secure accommodation"
                                : "the secure limb is certified only for the lack of secure accommodation with a"
                                + " risk of serious harm to the public"));
            }
            return List.of();
        }
    }

    /** An authority asked to accommodate the child, in its relation to the handover, and the mailbox it reads. */
    public record AskedAuthority(DfeLaCode authority, String relation, Organisation mailbox) {
        public static final String SUITE = "suite-authority";
        public static final String RESPONSIBLE = "responsible-authority";

        public AskedAuthority {
            Objects.requireNonNull(authority, "authority");
            Objects.requireNonNull(relation, "relation");
            Objects.requireNonNull(mailbox, "mailbox");
        }
    }

    /**
     * What the gateway recorded of the handover (never the sender's say): the force, its custody record, who was asked
     * and how the responsible authority was found, what was requested, who owns it, and (on a certificate) whether an
     * authority failed to provide.
     */
    public record HandoverRecord(PoliceForceCode force, String custodyReference, DfeLaCode suiteAuthority,
                                 Optional<DfeLaCode> responsibleAuthority, ResponsibleFoundBy responsibleFoundBy,
                                 AccommodationType accommodationRequested, List<AskedAuthority> asked,
                                 Optional<DfeLaCode> owner, Optional<Boolean> authorityFailedToProvide) {
        public HandoverRecord {
            Objects.requireNonNull(force, "force");
            Objects.requireNonNull(custodyReference, "custodyReference");
            Objects.requireNonNull(suiteAuthority, "suiteAuthority");
            responsibleAuthority = Objects.requireNonNullElse(responsibleAuthority, Optional.empty());
            Objects.requireNonNull(responsibleFoundBy, "responsibleFoundBy");
            Objects.requireNonNull(accommodationRequested, "accommodationRequested");
            asked = List.copyOf(asked);
            owner = Objects.requireNonNullElse(owner, Optional.empty());
            authorityFailedToProvide = Objects.requireNonNullElse(authorityFailedToProvide, Optional.empty());
        }

        /** Whether the authority was asked. */
        public boolean wasAsked(DfeLaCode authority) {
            return asked.stream().anyMatch(a -> a.authority().equals(authority));
        }
    }

    public CustodyHandoverNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(step, Fields.STEP);
        Objects.requireNonNull(stepAt, "stepAt");
        handoverId = Objects.requireNonNullElse(handoverId, Optional.<String>empty());
        request = Objects.requireNonNullElse(request, Optional.empty());
        acknowledgement = Objects.requireNonNullElse(acknowledgement, Optional.empty());
        answer = Objects.requireNonNullElse(answer, Optional.empty());
        transfer = Objects.requireNonNullElse(transfer, Optional.empty());
        certificate = Objects.requireNonNullElse(certificate, Optional.empty());
        record = Objects.requireNonNullElse(record, Optional.empty());
        InvalidNoticeException.throwIfAny(check(step, sender, handoverId.orElse(null)));
        boolean partsMatch = request.isPresent() == (step == HandoverStep.REQUESTED)
                && acknowledgement.isPresent() == (step == HandoverStep.ACKNOWLEDGED)
                && answer.isPresent() == (step == HandoverStep.ANSWERED)
                && transfer.isPresent() == (step == HandoverStep.TRANSFERRED)
                && certificate.isPresent() == (step == HandoverStep.CERTIFIED);
        if (!partsMatch) {
            throw new InvalidNoticeException(List.of(new FieldViolation(Fields.STEP, Rules.STEP_PARTS,
                    "a " + step + " notice carries its own step's part and no other")));
        }
    }

    /**
     * The step's rules on its sender and handover id: the force requests and closes, an authority acknowledges and
     * answers; every step but the request names its handover by the id the gateway gave.
     */
    public static List<FieldViolation> check(HandoverStep step, Organisation sender, String handoverId) {
        List<FieldViolation> v = new ArrayList<>();
        OrganisationType expected = step.sentByForce() ? OrganisationType.POLICE_FORCE
                : OrganisationType.LOCAL_AUTHORITY;
        if (sender.type() != expected) {
            v.add(new FieldViolation(Fields.STEP, Rules.SENDER, step.sentByForce()
                    ? "the force holding the child requests and closes a custody handover"
                    : "an asked local authority acknowledges and answers a custody handover"));
        }
        if (handoverId != null && !handoverId.matches(HANDOVER_ID_PREFIX + "[0-9A-Za-z_-]{1,36}")) {
            v.add(new FieldViolation(Fields.HANDOVER_ID, Rules.HANDOVER_ID_FORMAT,
                    "is not a handover id the gateway gives"));
        }
        if (handoverId == null && step != HandoverStep.REQUESTED) {
            v.add(new FieldViolation(Fields.HANDOVER_ID, Rules.HANDOVER_ID_FORMAT, "every step after the request"
                    + " names its handover"));
        }
        return v;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.CUSTODY_HANDOVER;
    }

    /** The same notice with the handover id and record the gateway holds: its identity is unchanged. */
    public CustodyHandoverNotice withRecord(String id, HandoverRecord recorded) {
        return new CustodyHandoverNotice(exchangeId, idempotencyKey, sender, step, stepAt, Optional.of(id), request,
                acknowledgement, answer, transfer, certificate, Optional.of(recorded));
    }

    /** The force holding the child: the request's sender, or the gateway's record. */
    public Optional<PoliceForceCode> force() {
        if (step == HandoverStep.REQUESTED) {
            return Optional.of(new PoliceForceCode(sender.code()));
        }
        return record.map(HandoverRecord::force);
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        force().ifPresent(x -> f.put(Fields.FORCE, x.value()));
        handoverId.ifPresent(x -> f.put(Fields.HANDOVER_ID, x));
        f.put(Fields.STEP, step.name());
        record.ifPresent(r -> {
            f.put(Fields.REFERENCE, r.custodyReference());
            f.put(Fields.SUITE_AUTHORITY, r.suiteAuthority().value());
            r.responsibleAuthority().ifPresent(x -> f.put(Fields.RESPONSIBLE_AUTHORITY, x.value()));
            f.put(Fields.RESPONSIBLE_FOUND_BY, r.responsibleFoundBy().name());
            r.authorityFailedToProvide().ifPresent(x -> f.put(Fields.AUTHORITY_FAILED, x.toString()));
        });
        if (step == HandoverStep.ACKNOWLEDGED || step == HandoverStep.ANSWERED) {
            f.put(Fields.ACTING_AUTHORITY, sender.code());
        }
        request.ifPresent(r -> putRequest(f, r));
        acknowledgement.ifPresent(a -> {
            f.put(Fields.ACKNOWLEDGED_AT, time(stepAt));
            f.put(Fields.ACKNOWLEDGED_BY, a.acknowledgedBy());
        });
        answer.ifPresent(a -> {
            f.put(Fields.DECISION, a.decision().name());
            f.put(Fields.DECISION_TIME, time(stepAt));
            f.put(Fields.DECISION_MAKER, a.decisionMaker());
            a.accommodationOffered().ifPresent(x -> f.put(Fields.ACCOMMODATION_OFFERED, x));
            a.collectionTime().ifPresent(x -> f.put(Fields.COLLECTION_TIME, time(x)));
            a.transportArrangements().ifPresent(x -> f.put(Fields.TRANSPORT, x));
        });
        transfer.ifPresent(t -> {
            f.put(Fields.HANDED_OVER_AT, time(stepAt));
            f.put(Fields.HANDED_OVER_TO, t.handedOverTo());
        });
        certificate.ifPresent(c -> {
            f.put(Fields.CERTIFICATE_LIMB, c.limb().name());
            f.put(Fields.CERTIFICATE_REASON_CATEGORY, c.reasonCategory().name());
            f.put(Fields.CERTIFICATE_REASON, c.reason());
            f.put(Fields.CERTIFIED_BY, c.certifiedBy());
            f.put(Fields.CERTIFIED_AT, time(stepAt));
            f.put(Fields.CERTIFICATE_COURT, c.court());
        });
        return MissingEpisodeNotice.inCatalogueOrder(f, Fields.ALL);
    }

    private void putRequest(Map<String, String> f, Request r) {
        f.put(Fields.SUITE, r.custodySuite());
        f.put(Fields.REFERENCE, r.custodyReference());
        f.put(Fields.SUITE_AUTHORITY, r.suiteAuthority().value());
        f.put(Fields.CONTACT_OFFICER, r.contactOfficer());
        r.arrivalTime().ifPresent(x -> f.put(Fields.ARRIVAL_TIME, time(x)));
        r.appropriateAdult().ifPresent(x -> f.put(Fields.APPROPRIATE_ADULT, x));
        r.healthNeeds().ifPresent(x -> f.put(Fields.HEALTH_NEEDS, x));
        r.child().identity().putFields(f);
        f.remove(ChildIdentity.Fields.UPN);
        f.remove(ChildIdentity.Fields.SCHOOL_URN);
        r.child().homePostcode().ifPresent(x -> f.put(Fields.CHILD_HOME_POSTCODE, x.value()));
        r.child().lookedAfter().ifPresent(x -> f.put(Fields.CHILD_LOOKED_AFTER, x.toString()));
        r.child().namedResponsibleAuthority().ifPresent(x -> f.put(Fields.CHILD_RESPONSIBLE_AUTHORITY, x.value()));
        r.arrestTime().ifPresent(x -> f.put(Fields.ARREST_TIME, time(x)));
        f.put(Fields.CHARGE_TIME, time(r.chargeTime()));
        r.offences().ifPresent(x -> f.put(Fields.OFFENCES, x));
        f.put(Fields.BAIL_REFUSAL, r.bailRefusalGrounds().stream().map(Enum::name).collect(Collectors.joining(",")));
        f.put(Fields.REQUEST_TIME, time(stepAt));
        f.put(Fields.ACCOMMODATION_TYPE, r.accommodation().name());
        r.secureJustification().ifPresent(x -> f.put(Fields.SECURE_JUSTIFICATION, x));
        f.put(Fields.COURT, r.court());
        f.put(Fields.COURT_SITTING_AT, time(r.courtSittingAt()));
    }

    /**
     * The audit facts of the contract, exactly these keys: identifiers, codes and the step's time, never the child
     * or the charge. Before the gateway has recorded the handover (a notice refused before its ledger ran) the facts
     * are the step's own.
     */
    @Override
    public Map<String, String> auditFacts() {
        Map<String, String> facts = new LinkedHashMap<>();
        handoverId.ifPresent(x -> facts.put(Facts.HANDOVER_ID, x));
        facts.put(Facts.STEP, step.name());
        force().ifPresent(x -> facts.put(Facts.FORCE, x.value()));
        record.ifPresent(r -> {
            facts.put(Facts.SUITE_AUTHORITY, r.suiteAuthority().value());
            r.responsibleAuthority().ifPresent(x -> facts.put(Facts.RESPONSIBLE_AUTHORITY, x.value()));
        });
        facts.put(Facts.STEP_AT, stepAt.toInstant().toString());
        switch (step) {
            case REQUESTED -> {
                request.ifPresent(r -> facts.put(Facts.ACCOMMODATION_TYPE, r.accommodation().name()));
                record.ifPresent(r -> facts.put(Facts.RESPONSIBLE_FOUND_BY, r.responsibleFoundBy().name()));
            }
            case ACKNOWLEDGED -> facts.put(Facts.ACTING_AUTHORITY, sender.code());
            case ANSWERED -> {
                facts.put(Facts.ACTING_AUTHORITY, sender.code());
                answer.ifPresent(a -> facts.put(Facts.DECISION, a.decision().name()));
            }
            case CERTIFIED -> certificate.ifPresent(c -> {
                facts.put(Facts.LIMB, c.limb().name());
                facts.put(Facts.REASON_CATEGORY, c.reasonCategory().name());
                facts.put(Facts.AUTHORITY_FAILED, String.valueOf(record.flatMap(
                        HandoverRecord::authorityFailedToProvide).orElse(c.reasonCategory().authorityFailure())));
            });
            case TRANSFERRED -> {
            }
        }
        return facts;
    }

    /** A date-time as every notice's fields write it (ISO-8601 with seconds and the offset sent). */
    private static String time(OffsetDateTime t) {
        return MissingEpisodeNotice.dateTime(t);
    }

    private static void text(List<FieldViolation> v, String field, String text, int max) {
        if (text != null) {
            v.addAll(FreeText.check(field, text, max));
        }
    }

    private static Optional<String> stripped(Optional<String> text) {
        return Objects.requireNonNullElse(text, Optional.<String>empty()).map(String::strip);
    }

    @Override
    public String toString() {
        return "CustodyHandoverNotice[" + exchangeId + ", " + step + ", " + handoverId.orElse("(new)")
                + ", personal data withheld]";
    }
}

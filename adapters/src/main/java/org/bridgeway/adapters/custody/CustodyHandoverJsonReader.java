package org.bridgeway.adapters.custody;

import static org.bridgeway.adapters.missing.JsonShape.Kind.BOOLEAN;
import static org.bridgeway.adapters.missing.JsonShape.Kind.TEXT_ARRAY;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bridgeway.adapters.Digests;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.adapters.missing.DraftReading;
import org.bridgeway.adapters.missing.JsonNoticeReading;
import org.bridgeway.adapters.missing.JsonShape;
import org.bridgeway.adapters.missing.MissingDraft;
import org.bridgeway.adapters.missing.MissingReadResult;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.CustodyHandoverNotice.AccommodationType;
import org.bridgeway.model.CustodyHandoverNotice.BailRefusalGround;
import org.bridgeway.model.CustodyHandoverNotice.CertificateLimb;
import org.bridgeway.model.CustodyHandoverNotice.Fields;
import org.bridgeway.model.CustodyHandoverNotice.ReasonCategory;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.HandoverDecision;
import org.bridgeway.model.HandoverStep;
import org.bridgeway.model.InvalidNoticeException;
import org.bridgeway.model.InvalidValueException;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.Postcode;

/**
 * Reads the custody-handover bodies, one method per endpoint. The sender is the organisation the endpoint
 * authenticated and the handover the path names, never anything the body says. Bodies are objects whose members are
 * the last part of the canonical field names ({@code child.dateOfBirth} is {@code {"child": {"dateOfBirth": ...}}});
 * {@code child.lookedAfter} is a JSON boolean and {@code charge.bailRefusalReason} an array of PACE s.38(1) ground
 * codes; everything else is a string.
 */
public final class CustodyHandoverJsonReader {
    /** Far above any real request (the narratives are at most 2,000 characters each); larger is refused unread. */
    public static final int MAX_BYTES = 64 * 1024;
    /** The closure's own member: which closure it is. */
    public static final String CLOSURE = "closure.step";
    static final String CLOSURE_CODE = "closure.step.code";

    private static final JsonBodyReader REQUEST_BODY = new JsonBodyReader(MAX_BYTES, "a custody handover request");
    private static final JsonShape REQUEST = new JsonShape("a custody handover request")
            .text(Fields.REFERENCE, Fields.SUITE, Fields.CONTACT_OFFICER, Fields.ARRIVAL_TIME, Fields.APPROPRIATE_ADULT,
                    Fields.HEALTH_NEEDS, Fields.SUITE_AUTHORITY, Fields.CHILD_GIVEN_NAME, Fields.CHILD_FAMILY_NAME,
                    Fields.CHILD_DATE_OF_BIRTH, Fields.CHILD_SEX, Fields.CHILD_NHS_NUMBER, Fields.CHILD_LOCAL_ID,
                    Fields.CHILD_HOME_POSTCODE)
            .member(Fields.CHILD_LOOKED_AFTER, BOOLEAN)
            .text(Fields.CHILD_RESPONSIBLE_AUTHORITY, Fields.ARREST_TIME, Fields.CHARGE_TIME, Fields.OFFENCES)
            .member(Fields.BAIL_REFUSAL, TEXT_ARRAY)
            .text(Fields.REQUEST_TIME, Fields.ACCOMMODATION_TYPE, Fields.SECURE_JUSTIFICATION, Fields.COURT,
                    Fields.COURT_SITTING_AT);
    private static final JsonBodyReader STEP_BODY = new JsonBodyReader(MAX_BYTES, "a custody handover step");
    private static final JsonShape ACKNOWLEDGEMENT = new JsonShape("an acknowledgement")
            .text(Fields.ACKNOWLEDGED_AT, Fields.ACKNOWLEDGED_BY);
    private static final JsonShape ANSWER = new JsonShape("an answer")
            .text(Fields.DECISION, Fields.DECISION_TIME, Fields.DECISION_MAKER, Fields.ACCOMMODATION_OFFERED,
                    Fields.COLLECTION_TIME, Fields.TRANSPORT);
    private static final JsonShape CLOSURE_SHAPE = new JsonShape("a closure")
            .text(CLOSURE, Fields.HANDED_OVER_AT, Fields.HANDED_OVER_TO, Fields.CERTIFICATE_LIMB,
                    Fields.CERTIFICATE_REASON_CATEGORY, Fields.CERTIFICATE_REASON, Fields.CERTIFIED_BY,
                    Fields.CERTIFIED_AT, Fields.CERTIFICATE_COURT);

    /** The force's request; the gateway gives it its handover id and asks the authorities. */
    public MissingReadResult<CustodyHandoverNotice> readRequest(byte[] body, Organisation sender, Instant now,
                                                                Supplier<String> exchangeIds) {
        return read(body, REQUEST_BODY, REQUEST, (draft, ids) -> request(draft, sender, now, ids), exchangeIds);
    }

    /** An asked authority's acknowledgement of the handover {@code handoverId}. */
    public MissingReadResult<CustodyHandoverNotice> readAcknowledgement(byte[] body, String handoverId,
                                                                        Organisation sender, Instant now,
                                                                        Supplier<String> exchangeIds) {
        return read(body, STEP_BODY, ACKNOWLEDGEMENT, (draft, ids) -> {
            DraftReading r = new DraftReading(draft);
            OffsetDateTime at = r.required(Fields.ACKNOWLEDGED_AT, DraftReading::dateTime);
            String by = r.required(Fields.ACKNOWLEDGED_BY, x -> x);
            r.notFuture(Fields.ACKNOWLEDGED_AT, at, now);
            return build(r, () -> new CustodyHandoverNotice(ids.get(),
                    key(sender, handoverId, HandoverStep.ACKNOWLEDGED, null), sender, HandoverStep.ACKNOWLEDGED, at,
                    Optional.of(handoverId), Optional.empty(),
                    Optional.of(new CustodyHandoverNotice.Acknowledgement(by)), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty()));
        }, exchangeIds);
    }

    /** An asked authority's answer: always an acceptance. */
    public MissingReadResult<CustodyHandoverNotice> readAnswer(byte[] body, String handoverId, Organisation sender,
                                                               Instant now, Supplier<String> exchangeIds) {
        return read(body, STEP_BODY, ANSWER, (draft, ids) -> {
            DraftReading r = new DraftReading(draft);
            HandoverDecision decision = r.required(Fields.DECISION, HandoverDecision::fromCode);
            OffsetDateTime at = r.required(Fields.DECISION_TIME, DraftReading::dateTime);
            String maker = r.required(Fields.DECISION_MAKER, x -> x);
            String offered = r.text(Fields.ACCOMMODATION_OFFERED);
            OffsetDateTime collection = r.optional(Fields.COLLECTION_TIME, DraftReading::dateTime);
            String transport = r.text(Fields.TRANSPORT);
            r.addUnlessFailed(CustodyHandoverNotice.Answer.texts(maker, offered, transport));
            r.notFuture(Fields.DECISION_TIME, at, now);
            return build(r, () -> new CustodyHandoverNotice(ids.get(),
                    key(sender, handoverId, HandoverStep.ANSWERED, at), sender, HandoverStep.ANSWERED, at,
                    Optional.of(handoverId), Optional.empty(), Optional.empty(),
                    Optional.of(new CustodyHandoverNotice.Answer(decision, maker, Optional.ofNullable(offered),
                            Optional.ofNullable(collection), Optional.ofNullable(transport))),
                    Optional.empty(), Optional.empty(), Optional.empty()));
        }, exchangeIds);
    }

    /** The force's closure: {@code TRANSFERRED} with the hand-over, or {@code CERTIFIED} with the certificate. */
    public MissingReadResult<CustodyHandoverNotice> readClosure(byte[] body, String handoverId, Organisation sender,
                                                                Instant now, Supplier<String> exchangeIds) {
        return read(body, STEP_BODY, CLOSURE_SHAPE, (draft, ids) -> {
            DraftReading r = new DraftReading(draft);
            HandoverStep step = r.required(CLOSURE, CustodyHandoverJsonReader::closureStep);
            if (step == HandoverStep.TRANSFERRED) {
                OffsetDateTime at = r.required(Fields.HANDED_OVER_AT, DraftReading::dateTime);
                String to = r.required(Fields.HANDED_OVER_TO, x -> x);
                notGiven(r, List.of(Fields.CERTIFICATE_LIMB, Fields.CERTIFICATE_REASON_CATEGORY,
                        Fields.CERTIFICATE_REASON, Fields.CERTIFIED_BY, Fields.CERTIFIED_AT, Fields.CERTIFICATE_COURT),
                        "a transfer carries no certificate");
                r.notFuture(Fields.HANDED_OVER_AT, at, now);
                return build(r, () -> closure(ids, sender, handoverId, step, at,
                        Optional.of(new CustodyHandoverNotice.Transfer(to)), Optional.empty()));
            }
            if (step == HandoverStep.CERTIFIED) {
                CertificateLimb limb = r.required(Fields.CERTIFICATE_LIMB, CustodyHandoverJsonReader::limb);
                ReasonCategory category = r.required(Fields.CERTIFICATE_REASON_CATEGORY, ReasonCategory::fromCode);
                String reason = r.required(Fields.CERTIFICATE_REASON, x -> x);
                String by = r.required(Fields.CERTIFIED_BY, x -> x);
                OffsetDateTime at = r.required(Fields.CERTIFIED_AT, DraftReading::dateTime);
                String court = r.required(Fields.CERTIFICATE_COURT, x -> x);
                notGiven(r, List.of(Fields.HANDED_OVER_AT, Fields.HANDED_OVER_TO), "a certificate records no transfer");
                r.addUnlessFailed(CustodyHandoverNotice.Certificate.check(limb, category));
                r.notFuture(Fields.CERTIFIED_AT, at, now);
                return build(r, () -> closure(ids, sender, handoverId, step, at, Optional.empty(),
                        Optional.of(new CustodyHandoverNotice.Certificate(limb, category, reason, by, court))));
            }
            return MissingReadResult.refused(r.violations(), Fields.ALL);
        }, exchangeIds);
    }

    private static MissingReadResult<CustodyHandoverNotice> request(MissingDraft draft, Organisation sender,
                                                                    Instant now, Supplier<String> ids) {
        DraftReading r = new DraftReading(draft);
        String reference = r.required(Fields.REFERENCE, x -> x);
        String suite = r.required(Fields.SUITE, x -> x);
        String officer = r.required(Fields.CONTACT_OFFICER, x -> x);
        OffsetDateTime arrival = r.optional(Fields.ARRIVAL_TIME, DraftReading::dateTime);
        String adult = r.text(Fields.APPROPRIATE_ADULT);
        String health = r.text(Fields.HEALTH_NEEDS);
        DfeLaCode suiteAuthority = r.required(Fields.SUITE_AUTHORITY, DfeLaCode::parse);
        String givenName = r.text(Fields.CHILD_GIVEN_NAME);
        String familyName = r.text(Fields.CHILD_FAMILY_NAME);
        LocalDate dob = r.required(Fields.CHILD_DATE_OF_BIRTH, DraftReading::date);
        PlacementNotice.Sex sex = r.optional(Fields.CHILD_SEX, DraftReading::sex);
        NhsNumber nhs = r.optional(Fields.CHILD_NHS_NUMBER, NhsNumber::parse);
        String localId = r.text(Fields.CHILD_LOCAL_ID);
        Postcode home = r.optional(Fields.CHILD_HOME_POSTCODE, Postcode::parse);
        Boolean lookedAfter = r.optional(Fields.CHILD_LOOKED_AFTER, DraftReading::bool);
        DfeLaCode named = r.optional(Fields.CHILD_RESPONSIBLE_AUTHORITY, DfeLaCode::parse);
        OffsetDateTime arrest = r.optional(Fields.ARREST_TIME, DraftReading::dateTime);
        OffsetDateTime charge = r.required(Fields.CHARGE_TIME, DraftReading::dateTime);
        String offences = r.text(Fields.OFFENCES);
        List<BailRefusalGround> grounds = r.list(Fields.BAIL_REFUSAL, BailRefusalGround::fromCode, "ground");
        if (!r.given(Fields.BAIL_REFUSAL)) {
            r.add(new FieldViolation(Fields.BAIL_REFUSAL, DraftReading.REQUIRED, "the PACE s.38(1) grounds on which"
                    + " bail was refused are required"));
            r.fail(Fields.BAIL_REFUSAL);
        }
        OffsetDateTime requestedAt = r.required(Fields.REQUEST_TIME, DraftReading::dateTime);
        AccommodationType accommodation = r.required(Fields.ACCOMMODATION_TYPE, CustodyHandoverJsonReader::accommodation);
        String justification = r.text(Fields.SECURE_JUSTIFICATION);
        String court = r.required(Fields.COURT, x -> x);
        OffsetDateTime sitting = r.required(Fields.COURT_SITTING_AT, DraftReading::dateTime);

        if (r.failed(Fields.CHILD_DATE_OF_BIRTH)) {
            r.fail(ChildIdentity.Fields.CHILD); // reported as unreadable, not again as an unidentified child
        }
        if (r.failed(Fields.CHILD_DATE_OF_BIRTH) || r.failed(Fields.CHARGE_TIME)) {
            r.fail(Fields.ACCOMMODATION_TYPE); // the age rules need both: not reported again as a secure request's
        }
        if (localId != null) {
            r.addUnlessFailed(ChildIdentity.checkLocalId(Fields.CHILD_LOCAL_ID, localId));
        }
        r.addUnlessFailed(ChildIdentity.check(localId, null, givenName, familyName, dob));
        r.addUnlessFailed(CustodyHandoverNotice.Request.check(reference, dob, arrest, charge,
                r.failed(Fields.BAIL_REFUSAL) ? null : grounds, r.failed(Fields.ACCOMMODATION_TYPE) ? null
                        : accommodation, justification, sitting));
        r.addUnlessFailed(CustodyHandoverNotice.Request.texts(suite, officer, adult, health, offences,
                justification, court));
        r.notFuture(Fields.ARRIVAL_TIME, arrival, now);
        r.notFuture(Fields.ARREST_TIME, arrest, now);
        r.notFuture(Fields.CHARGE_TIME, charge, now);
        r.notFuture(Fields.REQUEST_TIME, requestedAt, now);
        r.notFuture(Fields.CHILD_DATE_OF_BIRTH, dob, now);
        if (requestedAt != null && charge != null && requestedAt.isBefore(charge)) {
            r.add(new FieldViolation(Fields.REQUEST_TIME, CustodyHandoverNotice.Rules.REQUEST_BEFORE_CHARGE,
                    "a transfer is requested after the charge"));
        }
        return build(r, () -> new CustodyHandoverNotice(ids.get(), requestKey(sender, reference), sender,
                HandoverStep.REQUESTED, requestedAt, Optional.empty(),
                Optional.of(new CustodyHandoverNotice.Request(reference, suite, suiteAuthority, officer,
                        Optional.ofNullable(arrival), Optional.ofNullable(adult), Optional.ofNullable(health),
                        new CustodyHandoverNotice.Child(new ChildIdentity(Optional.ofNullable(localId),
                                Optional.ofNullable(nhs), Optional.empty(), Optional.ofNullable(givenName),
                                Optional.ofNullable(familyName), Optional.ofNullable(dob), Optional.ofNullable(sex),
                                Optional.empty()), Optional.ofNullable(home), Optional.ofNullable(lookedAfter),
                                Optional.ofNullable(named)),
                        Optional.ofNullable(arrest), charge, Optional.ofNullable(offences), grounds, accommodation,
                        Optional.ofNullable(justification), court, sitting)),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static CustodyHandoverNotice closure(Supplier<String> ids, Organisation sender, String handoverId,
                                                 HandoverStep step, OffsetDateTime at,
                                                 Optional<CustodyHandoverNotice.Transfer> transfer,
                                                 Optional<CustodyHandoverNotice.Certificate> certificate) {
        return new CustodyHandoverNotice(ids.get(), key(sender, handoverId, step, at), sender, step, at,
                Optional.of(handoverId), Optional.empty(), Optional.empty(), Optional.empty(), transfer, certificate,
                Optional.empty());
    }

    private static void notGiven(DraftReading r, List<String> fields, String why) {
        for (String field : fields) {
            if (r.given(field)) {
                r.add(new FieldViolation(field, "closure.field.other-step", why));
            }
        }
    }

    private static MissingReadResult<CustodyHandoverNotice> build(DraftReading r,
                                                                  Supplier<CustodyHandoverNotice> notice) {
        if (!r.violations().isEmpty()) {
            return MissingReadResult.refused(r.violations(), Fields.ALL);
        }
        try {
            return new MissingReadResult.Accepted<>(notice.get());
        } catch (InvalidNoticeException e) {
            return MissingReadResult.refused(e.violations(), Fields.ALL);
        }
    }

    private static MissingReadResult<CustodyHandoverNotice> read(
            byte[] body, JsonBodyReader bodyReader, JsonShape shape,
            java.util.function.BiFunction<MissingDraft, Supplier<String>, MissingReadResult<CustodyHandoverNotice>> v,
            Supplier<String> exchangeIds) {
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        return JsonNoticeReading.read(body, bodyReader, shape, v, exchangeIds, Fields.ALL);
    }

    /**
     * One request per custody record of a force: SHA-256 over the force and the custody record number. The same
     * record sent again is the same handover (a duplicate, answered with its handover id), whatever else changed.
     */
    static String requestKey(Organisation sender, String custodyReference) {
        return "custody-handover:" + Digests.sha256(String.join("\u0000", "custody-handover", sender.id(),
                HandoverStep.REQUESTED.name(), custodyReference));
    }

    /**
     * A later step: an acknowledgement once per authority and handover; an answer or closure per sender, handover and
     * time, so that the same one sent again is a duplicate while a different one meets the ledger's rules (first answer
     * wins, closed once).
     */
    static String key(Organisation sender, String handoverId, HandoverStep step, OffsetDateTime at) {
        return "custody-handover:" + Digests.sha256(String.join("\u0000", "custody-handover", sender.id(), handoverId,
                step.name(), at == null ? "" : at.toInstant().toString()));
    }

    private static AccommodationType accommodation(String code) {
        try {
            return AccommodationType.valueOf(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("transfer.accommodationType.code", "must be SECURE or NON_SECURE");
        }
    }

    private static CertificateLimb limb(String code) {
        try {
            return CertificateLimb.valueOf(code);
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException("certificate.limb.code", "must be IMPRACTICABLE or"
                    + " NO_SECURE_AND_INADEQUATE");
        }
    }

    private static HandoverStep closureStep(String code) {
        if (code.equals(HandoverStep.TRANSFERRED.name()) || code.equals(HandoverStep.CERTIFIED.name())) {
            return HandoverStep.valueOf(code);
        }
        throw new InvalidValueException(CLOSURE_CODE, "must be TRANSFERRED or CERTIFIED");
    }
}

package org.bridgeway.model;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The locator's notice to a responsible authority that one of its entries was read: who asked (organisation and
 * person as the caller's token names them), when, for what purpose and under which case reference, and which entry
 * answered (the gateway's id, the authority's own reference or the placement exchange it came from, the kind of
 * involvement). The sender is the asking organisation; the gateway raises it from the query's durable access row, so
 * its idempotency key is the access id and a second raising is a duplicate. It names no child: the authority finds
 * the child from its own reference.
 */
public record LocatorAccessNotice(
        String exchangeId,
        String idempotencyKey,
        Organisation sender,
        String accessId,
        Instant askedAt,
        String askedByName,
        String askedByPerson,
        String purpose,
        String caseReference,
        String entryId,
        String entrySource,
        String involvement,
        LocalDate involvementStartedOn,
        DfeLaCode responsibleAuthority,
        Optional<DfeLaCode> hostAuthority) implements Notice {

    public static final class Fields {
        public static final String ACCESS_ID = "access.id";
        public static final String ASKED_AT = "access.askedAt";
        public static final String ASKED_BY = "access.askedBy";
        public static final String ASKED_BY_NAME = "access.askedByName";
        public static final String ASKED_BY_PERSON = "access.askedByPerson";
        public static final String PURPOSE = "access.purpose";
        public static final String CASE_REFERENCE = "access.caseReference";
        public static final String ENTRY_ID = "locator.entryId";
        public static final String ENTRY_SOURCE = "locator.source";
        public static final String INVOLVEMENT = "locator.involvement";
        public static final String STARTED_ON = "locator.startedOn";
        public static final String RESPONSIBLE_AUTHORITY = "locator.responsibleAuthority";
        public static final String HOST_AUTHORITY = "locator.hostAuthority";

        /** The published catalogue, {@link ExchangeType#fields()}, in its order. */
        public static final List<String> ALL = ExchangeType.LOCATOR_ACCESS.fields();

        private Fields() {
        }
    }

    /** Why a query may be asked: the purposes of the domain note's locator (C2); one is required. */
    public static final List<String> PURPOSES = List.of("MISSING_REPORT", "CUSTODY_PACE_TRANSFER",
            "CUSTODY_AA_WELFARE", "POLICE_PROTECTION_S46", "UNSCHEDULED_CARE", "EDT_EMERGENCY");

    public static final class Rules {
        public static final String PURPOSE = "access.purpose.code";
        public static final String CASE_REFERENCE = "access.caseReference.required";

        private Rules() {
        }
    }

    static final int MAX_TEXT_LENGTH = 200;

    public LocatorAccessNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(accessId, Fields.ACCESS_ID);
        Objects.requireNonNull(askedAt, Fields.ASKED_AT);
        Objects.requireNonNull(askedByName, Fields.ASKED_BY_NAME);
        Objects.requireNonNull(askedByPerson, Fields.ASKED_BY_PERSON);
        Objects.requireNonNull(purpose, Fields.PURPOSE);
        Objects.requireNonNull(caseReference, Fields.CASE_REFERENCE);
        Objects.requireNonNull(entryId, Fields.ENTRY_ID);
        Objects.requireNonNull(entrySource, Fields.ENTRY_SOURCE);
        Objects.requireNonNull(involvement, Fields.INVOLVEMENT);
        Objects.requireNonNull(involvementStartedOn, Fields.STARTED_ON);
        Objects.requireNonNull(responsibleAuthority, Fields.RESPONSIBLE_AUTHORITY);
        hostAuthority = Objects.requireNonNullElse(hostAuthority, Optional.empty());

        List<FieldViolation> v = new ArrayList<>(checkQuery(Fields.PURPOSE, purpose, Fields.CASE_REFERENCE,
                caseReference));
        MissingEpisodeNotice.text(v, Fields.ASKED_BY_NAME, askedByName, MAX_TEXT_LENGTH);
        MissingEpisodeNotice.text(v, Fields.ASKED_BY_PERSON, askedByPerson, MAX_TEXT_LENGTH);
        InvalidNoticeException.throwIfAny(v);
    }

    /**
     * What a locator query must give, checked where it arrives (the API) as the notice checks it: a purpose of
     * {@link #PURPOSES} and a case reference (1 to 50 letters, digits, spaces, slashes, dots, colons, hyphens or
     * underscores). Either absent (null) is a violation too, named by {@code purposeField} or {@code referenceField}.
     */
    public static List<FieldViolation> checkQuery(String purposeField, String purpose, String referenceField,
                                                  String caseReference) {
        List<FieldViolation> v = new ArrayList<>();
        if (purpose == null || !PURPOSES.contains(purpose)) {
            v.add(new FieldViolation(purposeField, Rules.PURPOSE, "a query gives its purpose, one of " + PURPOSES));
        }
        if (caseReference == null) {
            v.add(new FieldViolation(referenceField, Rules.CASE_REFERENCE, "a query gives its case reference (a custody"
                    + " record number, an incident number)"));
        } else {
            v.addAll(checkReference(referenceField, caseReference));
        }
        return v;
    }

    /** An opaque reference (a case reference, a council's own reference): short and printable, as the others. */
    public static List<FieldViolation> checkReference(String field, String reference) {
        List<FieldViolation> v = new ArrayList<>();
        MissingEpisodeNotice.checkReference(field, reference, v);
        return v;
    }

    @Override
    public ExchangeType exchangeType() {
        return ExchangeType.LOCATOR_ACCESS;
    }

    /** Identifiers only: no case reference, no person. */
    @Override
    public String toString() {
        return "LocatorAccessNotice[exchangeId=" + exchangeId + ", accessId=" + accessId + ", sender=" + sender.id()
                + ", entryId=" + entryId + "]";
    }

    @Override
    public Map<String, String> fields() {
        Map<String, String> f = new HashMap<>();
        f.put(Fields.ACCESS_ID, accessId);
        f.put(Fields.ASKED_AT, askedAt.toString());
        f.put(Fields.ASKED_BY, sender.id());
        f.put(Fields.ASKED_BY_NAME, askedByName);
        f.put(Fields.ASKED_BY_PERSON, askedByPerson);
        f.put(Fields.PURPOSE, purpose);
        f.put(Fields.CASE_REFERENCE, caseReference);
        f.put(Fields.ENTRY_ID, entryId);
        f.put(Fields.ENTRY_SOURCE, entrySource);
        f.put(Fields.INVOLVEMENT, involvement);
        f.put(Fields.STARTED_ON, involvementStartedOn.toString());
        f.put(Fields.RESPONSIBLE_AUTHORITY, responsibleAuthority.value());
        hostAuthority.ifPresent(h -> f.put(Fields.HOST_AUTHORITY, h.value()));
        return MissingEpisodeNotice.inCatalogueOrder(f, exchangeType().fields());
    }

    /** Identifiers, codes and times only, for a report of who asks the locator (never the case reference). */
    @Override
    public Map<String, String> auditFacts() {
        return Map.of("access.id", accessId, "access.purpose", purpose, "locator.entryId", entryId,
                "locator.responsibleAuthority", responsibleAuthority.value());
    }
}

package org.bridgeway.adapters.missing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bridgeway.adapters.Digests;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.EpisodeUpdate;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.FoundCondition;
import org.bridgeway.model.InvalidNoticeException;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.bridgeway.model.MissingType;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.Postcode;
import org.bridgeway.model.PreventionInterview;
import org.bridgeway.model.ReportedBy;
import org.bridgeway.model.RiskLevel;
import org.bridgeway.model.SchoolUrn;
import org.bridgeway.model.Upn;

/**
 * Turns a draft into a missing-episode notice, or into every violation it has: each field is read on its own, then
 * the record's rules run on whatever could be read, then the rules that need the time now. Violations come in
 * catalogue order of their fields.
 */
final class MissingEpisodeValidator {
    /** The found details, which come only with the date-time the child was found. */
    private static final List<String> FOUND_DETAILS = List.of(Fields.FOUND_AUTHORITY, Fields.FOUND_LOCATION,
            Fields.FOUND_WITH, Fields.FOUND_CONDITION, Fields.PREVENTION_INTERVIEW, Fields.SAFE_AND_WELL_CHECK,
            Fields.HEALTH_CONCERNS);
    private static final List<String> PHILOMENA_DETAILS = List.of(Fields.PHILOMENA_DESCRIPTION,
            Fields.PHILOMENA_ASSOCIATES, Fields.PHILOMENA_PLACES_FREQUENTED, Fields.PHILOMENA_MEDICAL_NEEDS);
    private static final List<String> IDENTITY = List.of(Fields.CHILD_LOCAL_ID, Fields.CHILD_GIVEN_NAME,
            Fields.CHILD_FAMILY_NAME, Fields.CHILD_DATE_OF_BIRTH);
    static final String PHILOMENA_NOT_HELD = "philomena.formHeld.details";

    private MissingEpisodeValidator() {
    }

    /**
     * Checks a draft from {@code sender} (the authenticated organisation); {@code exchangeIds} is called once, and
     * only when the draft is valid.
     */
    static MissingReadResult<MissingEpisodeNotice> validate(MissingDraft draft, Organisation sender, Instant now,
                                                            Supplier<String> exchangeIds) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(now, "now");
        DraftReading r = new DraftReading(draft);
        EpisodeUpdate update = r.required(Fields.UPDATE, EpisodeUpdate::fromCode);
        OffsetDateTime updatedAt = r.required(Fields.UPDATED_AT, DraftReading::dateTime);
        String episodeId = r.text(Fields.EPISODE_ID);
        ReportedBy reportedBy = r.required(Fields.REPORTED_BY, ReportedBy::fromCode);
        PoliceForceCode force = r.optional(Fields.REPORTING_FORCE, PoliceForceCode::parse);
        String policeReference = r.text(Fields.POLICE_REFERENCE);
        String reporterReference = r.text(Fields.REPORTER_REFERENCE);

        String localId = r.text(Fields.CHILD_LOCAL_ID);
        NhsNumber nhs = r.optional(Fields.CHILD_NHS_NUMBER, NhsNumber::parse);
        Upn upn = r.optional(Fields.CHILD_UPN, Upn::parse);
        String givenName = r.text(Fields.CHILD_GIVEN_NAME);
        String familyName = r.text(Fields.CHILD_FAMILY_NAME);
        LocalDate dob = r.optional(Fields.CHILD_DATE_OF_BIRTH, DraftReading::date);
        PlacementNotice.Sex sex = r.optional(Fields.CHILD_SEX, DraftReading::sex);
        SchoolUrn school = r.optional(Fields.CHILD_SCHOOL_URN, SchoolUrn::parse);
        Postcode home = r.optional(Fields.CHILD_HOME_POSTCODE, Postcode::parse);
        Boolean lookedAfter = r.required(Fields.CHILD_LOOKED_AFTER, DraftReading::bool);
        DfeLaCode placing = r.optional(Fields.CHILD_PLACING_AUTHORITY, DfeLaCode::parse);

        MissingType type = r.required(Fields.TYPE, MissingType::fromCode);
        OffsetDateTime start = r.required(Fields.START, DraftReading::dateTime);
        RiskLevel risk = r.optional(Fields.RISK_LEVEL, RiskLevel::fromCode);
        String riskAsSent = risk != null && RiskLevel.isLegacyAbsent(draft.values().get(Fields.RISK_LEVEL))
                ? RiskLevel.LEGACY_ABSENT : null;
        String riskRationale = r.text(Fields.RISK_RATIONALE);
        Postcode missingFrom = r.optional(Fields.MISSING_FROM_POSTCODE, Postcode::parse);
        String lastSeen = r.text(Fields.LAST_SEEN_LOCATION);
        DfeLaCode host = r.optional(Fields.HOST_AUTHORITY, DfeLaCode::parse);
        String concerns = r.text(Fields.CONCERNS);
        String circumstances = r.text(Fields.CIRCUMSTANCES);

        OffsetDateTime end = r.optional(Fields.END, DraftReading::dateTime);
        DfeLaCode foundAuthority = r.optional(Fields.FOUND_AUTHORITY, DfeLaCode::parse);
        String foundLocation = r.text(Fields.FOUND_LOCATION);
        String foundWith = r.text(Fields.FOUND_WITH);
        List<FoundCondition> conditions = r.list(Fields.FOUND_CONDITION, FoundCondition::fromCode, "condition");
        PreventionInterview interview = r.optional(Fields.PREVENTION_INTERVIEW, PreventionInterview::fromCode);
        OffsetDateTime safeAndWell = r.optional(Fields.SAFE_AND_WELL_CHECK, DraftReading::dateTime);
        String healthConcerns = r.text(Fields.HEALTH_CONCERNS);

        Boolean formHeld = r.optional(Fields.PHILOMENA_FORM_HELD, DraftReading::bool);
        String description = r.text(Fields.PHILOMENA_DESCRIPTION);
        String associates = r.text(Fields.PHILOMENA_ASSOCIATES);
        String places = r.text(Fields.PHILOMENA_PLACES_FREQUENTED);
        String medical = r.text(Fields.PHILOMENA_MEDICAL_NEEDS);

        if (IDENTITY.stream().anyMatch(r::failed)) {
            r.fail(ChildIdentity.Fields.CHILD);
        }
        if (end == null && update != EpisodeUpdate.FOUND && !r.failed(Fields.END)
                && FOUND_DETAILS.stream().anyMatch(r::given)) {
            r.add(new FieldViolation(Fields.END, MissingEpisodeNotice.Rules.END_REQUIRED,
                    "found details come with the date-time the child was found or returned"));
        }
        boolean philomenaDetails = PHILOMENA_DETAILS.stream().anyMatch(r::given);
        if (Boolean.FALSE.equals(formHeld) && philomenaDetails) {
            r.add(new FieldViolation(Fields.PHILOMENA_FORM_HELD, PHILOMENA_NOT_HELD,
                    "Philomena details come from a form the carer holds"));
        }
        r.addUnlessFailed(ChildIdentity.check(localId, upn, givenName, familyName, dob));
        r.addUnlessFailed(MissingEpisodeNotice.Child.check(lookedAfter, placing));
        r.addUnlessFailed(MissingEpisodeNotice.Episode.check(risk, riskAsSent, riskRationale, lastSeen, concerns,
                circumstances));
        r.addUnlessFailed(MissingEpisodeNotice.Found.check(end, foundLocation, foundWith, conditions, interview,
                safeAndWell, healthConcerns));
        r.addUnlessFailed(MissingEpisodeNotice.Philomena.check(description, associates, places, medical));
        r.addUnlessFailed(MissingEpisodeNotice.check(new MissingEpisodeNotice.Candidate(sender, update, updatedAt,
                episodeId, reportedBy, force, policeReference, reporterReference, lookedAfter, placing, home,
                missingFrom, host, dob, start, end, risk, riskRationale, safeAndWell)));
        r.notFuture(Fields.UPDATED_AT, updatedAt, now);
        r.notFuture(Fields.START, start, now);
        r.notFuture(Fields.END, end, now);
        r.notFuture(Fields.SAFE_AND_WELL_CHECK, safeAndWell, now);
        r.notFuture(Fields.CHILD_DATE_OF_BIRTH, dob, now);

        List<FieldViolation> v = r.violations();
        if (!v.isEmpty()) {
            return MissingReadResult.refused(v, Fields.ALL);
        }
        boolean philomena = Boolean.TRUE.equals(formHeld) || philomenaDetails;
        try {
            return new MissingReadResult.Accepted<>(new MissingEpisodeNotice(exchangeIds.get(),
                    idempotencyKey(sender, episodeId, force, policeReference, reporterReference, update, updatedAt),
                    sender, update, updatedAt, Optional.ofNullable(episodeId), reportedBy, Optional.ofNullable(force),
                    Optional.ofNullable(policeReference), Optional.ofNullable(reporterReference),
                    new MissingEpisodeNotice.Child(new ChildIdentity(Optional.ofNullable(localId),
                            Optional.ofNullable(nhs), Optional.ofNullable(upn), Optional.ofNullable(givenName),
                            Optional.ofNullable(familyName), Optional.ofNullable(dob), Optional.ofNullable(sex),
                            Optional.ofNullable(school)), lookedAfter, Optional.ofNullable(placing),
                            Optional.ofNullable(home)),
                    new MissingEpisodeNotice.Episode(type, start, Optional.ofNullable(risk),
                            Optional.ofNullable(riskAsSent), Optional.ofNullable(riskRationale),
                            Optional.ofNullable(missingFrom), Optional.ofNullable(lastSeen), Optional.ofNullable(host),
                            Optional.ofNullable(concerns), Optional.ofNullable(circumstances)),
                    end == null ? Optional.empty() : Optional.of(new MissingEpisodeNotice.Found(end,
                            Optional.ofNullable(foundAuthority), Optional.ofNullable(foundLocation),
                            Optional.ofNullable(foundWith), conditions, Optional.ofNullable(interview),
                            Optional.ofNullable(safeAndWell), Optional.ofNullable(healthConcerns))),
                    philomena ? Optional.of(new MissingEpisodeNotice.Philomena(Optional.ofNullable(description),
                            Optional.ofNullable(associates), Optional.ofNullable(places),
                            Optional.ofNullable(medical))) : Optional.empty(),
                    Optional.empty()));
        } catch (InvalidNoticeException e) {
            return MissingReadResult.refused(e.violations(), Fields.ALL); // a rule the checks above missed: refused all the same
        }
    }

    /**
     * A stable key for one update of one episode from one sender: SHA-256 over the sender, the episode's reference
     * (the gateway's id, else the force and its reference, else the reporter's reference), the update and its
     * date-time (as an instant), as "missing:" and 64 hex digits. The same update sent again, by JSON or CSV, gets
     * the same key; a corrected update gets a new date-time and so a new key.
     */
    static String idempotencyKey(Organisation sender, String episodeId, PoliceForceCode force, String policeReference,
                                 String reporterReference, EpisodeUpdate update, OffsetDateTime updatedAt) {
        String reference = episodeId != null ? "episode:" + episodeId
                : force != null && policeReference != null ? "police:" + force.value() + ":" + policeReference
                : "reporter:" + reporterReference;
        return "missing:" + Digests.sha256(String.join("\u0000", "missing-episode", sender.id(), reference,
                update.code(), updatedAt.toInstant().toString()));
    }
}

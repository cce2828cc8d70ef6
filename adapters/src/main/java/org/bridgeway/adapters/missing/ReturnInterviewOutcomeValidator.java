package org.bridgeway.adapters.missing;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.bridgeway.adapters.Digests;
import org.bridgeway.model.ChildIdentity;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.InvalidNoticeException;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.PlacementNotice;
import org.bridgeway.model.Referral;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.model.ReturnInterviewOutcomeNotice.Fields;
import org.bridgeway.model.SchoolUrn;
import org.bridgeway.model.Upn;

/** Turns a draft into a return-interview outcome, or into every violation it has (as {@link MissingEpisodeValidator}). */
final class ReturnInterviewOutcomeValidator {
    private static final List<String> TEXTS = List.of(Fields.PROVIDER, Fields.COMPLETED_BY, Fields.NOT_HELD_REASON,
            Fields.REASONS_FOR_MISSING, Fields.WHEREABOUTS, Fields.ASSOCIATES, Fields.EXPLOITATION_CONCERNS,
            Fields.HEALTH_CONCERNS, Fields.ACTIONS, Fields.CHILD_VIEW);
    private static final List<String> IDENTITY = List.of(Fields.CHILD_LOCAL_ID, Fields.CHILD_GIVEN_NAME,
            Fields.CHILD_FAMILY_NAME, Fields.CHILD_DATE_OF_BIRTH);

    private ReturnInterviewOutcomeValidator() {
    }

    static MissingReadResult<ReturnInterviewOutcomeNotice> validate(MissingDraft draft, Organisation sender,
                                                                    Instant now, Supplier<String> exchangeIds) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(now, "now");
        DraftReading r = new DraftReading(draft);
        String episodeId = r.required(Fields.EPISODE_ID, x -> x);
        String taskId = r.text(Fields.TASK_ID);
        DfeLaCode la = r.required(Fields.LOCAL_AUTHORITY, DfeLaCode::parse);
        Boolean offered = r.required(Fields.OFFERED, DraftReading::bool);
        LocalDate offeredDate = r.optional(Fields.OFFERED_DATE, DraftReading::date);
        Boolean accepted = r.optional(Fields.ACCEPTED, DraftReading::bool);
        OffsetDateTime heldAt = r.optional(Fields.DATE, DraftReading::dateTime);
        Boolean harm = r.optional(Fields.HARM_DISCLOSED, DraftReading::bool);
        List<Referral> referrals = r.list(Fields.REFERRALS, Referral::fromCode, "referral");
        Map<String, String> texts = new HashMap<>();
        for (String field : TEXTS) {
            String text = r.text(field);
            if (text != null) {
                texts.put(field, text);
            }
        }
        String localId = r.text(Fields.CHILD_LOCAL_ID);
        NhsNumber nhs = r.optional(Fields.CHILD_NHS_NUMBER, NhsNumber::parse);
        Upn upn = r.optional(Fields.CHILD_UPN, Upn::parse);
        String givenName = r.text(Fields.CHILD_GIVEN_NAME);
        String familyName = r.text(Fields.CHILD_FAMILY_NAME);
        LocalDate dob = r.optional(Fields.CHILD_DATE_OF_BIRTH, DraftReading::date);
        PlacementNotice.Sex sex = r.optional(Fields.CHILD_SEX, DraftReading::sex);
        SchoolUrn school = r.optional(Fields.CHILD_SCHOOL_URN, SchoolUrn::parse);
        if (IDENTITY.stream().anyMatch(r::failed)) {
            r.fail(ChildIdentity.Fields.CHILD);
        }
        if (r.failed(Fields.DATE)) {
            // an unreadable interview date is reported as such, not also as the rules of an interview not held
            r.fail(Fields.NOT_HELD_REASON);
            List.of(Fields.REASONS_FOR_MISSING, Fields.WHEREABOUTS, Fields.ASSOCIATES, Fields.CHILD_VIEW,
                    Fields.HARM_DISCLOSED).forEach(r::fail);
        }

        r.addUnlessFailed(ReturnInterviewOutcomeNotice.check(episodeId, taskId));
        r.addUnlessFailed(ChildIdentity.check(localId, upn, givenName, familyName, dob));
        r.addUnlessFailed(ReturnInterviewOutcomeNotice.Interview.check(r.failed(Fields.OFFERED) ? null : offered,
                offeredDate, accepted, heldAt, harm != null, referrals, texts));
        r.notFuture(Fields.DATE, heldAt, now);
        r.notFuture(Fields.OFFERED_DATE, offeredDate, now);
        r.notFuture(Fields.CHILD_DATE_OF_BIRTH, dob, now);

        List<FieldViolation> v = r.violations();
        if (!v.isEmpty()) {
            return MissingReadResult.refused(v, Fields.ALL);
        }
        try {
            return new MissingReadResult.Accepted<>(new ReturnInterviewOutcomeNotice(exchangeIds.get(),
                    idempotencyKey(sender, episodeId), sender, episodeId, Optional.ofNullable(taskId),
                    new ChildIdentity(Optional.ofNullable(localId), Optional.ofNullable(nhs), Optional.ofNullable(upn),
                            Optional.ofNullable(givenName), Optional.ofNullable(familyName), Optional.ofNullable(dob),
                            Optional.ofNullable(sex), Optional.ofNullable(school)),
                    new ReturnInterviewOutcomeNotice.Interview(la, Optional.ofNullable(texts.get(Fields.PROVIDER)),
                            Optional.ofNullable(texts.get(Fields.COMPLETED_BY)), offered,
                            Optional.ofNullable(offeredDate), Optional.ofNullable(accepted),
                            Optional.ofNullable(heldAt), Optional.ofNullable(texts.get(Fields.NOT_HELD_REASON)),
                            Optional.ofNullable(texts.get(Fields.REASONS_FOR_MISSING)),
                            Optional.ofNullable(texts.get(Fields.WHEREABOUTS)),
                            Optional.ofNullable(texts.get(Fields.ASSOCIATES)),
                            Optional.ofNullable(texts.get(Fields.EXPLOITATION_CONCERNS)),
                            Optional.ofNullable(texts.get(Fields.HEALTH_CONCERNS)), Optional.ofNullable(harm),
                            Optional.ofNullable(texts.get(Fields.ACTIONS)), referrals,
                            Optional.ofNullable(texts.get(Fields.CHILD_VIEW)))));
        } catch (InvalidNoticeException e) {
            return MissingReadResult.refused(e.violations(), Fields.ALL);
        }
    }

    /**
     * One outcome per episode from one sender: SHA-256 over the sender and the episode id, as "rhi-outcome:" and 64
     * hex digits. The same outcome sent again is recognised; a correction is a new exchange under the same key and
     * is answered as a duplicate, so an authority corrects an outcome by telling the recipients, not by re-sending.
     */
    static String idempotencyKey(Organisation sender, String episodeId) {
        return "rhi-outcome:" + Digests.sha256(String.join("\u0000", "return-interview-outcome", sender.id(),
                episodeId));
    }
}

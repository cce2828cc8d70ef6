package org.bridgeway.adapters.missing;

import static org.bridgeway.adapters.missing.JsonShape.Kind.BOOLEAN;
import static org.bridgeway.adapters.missing.JsonShape.Kind.TEXT_ARRAY;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.bridgeway.model.Organisation;

/**
 * Reads one missing-episode update sent as JSON (the body of the REST endpoint), in the shape of
 * {@code schemas/missing-episode.schema.json}: objects {@code episode}, {@code child} and {@code philomena} whose
 * members are the canonical field names. {@code child.lookedAfter} and {@code philomena.formHeld} are JSON booleans,
 * {@code episode.foundCondition} an array of codes; everything else is a string.
 *
 * <p>The sender is the organisation the endpoint authenticated, not anything the body says. The structure is
 * checked here, then the rules of {@link MissingEpisodeNotice} and the future-date rule against {@code now};
 * every violation is listed, with its field (which is its JSON path), and none repeats a submitted value.
 */
public final class MissingEpisodeJsonReader {
    /** Far above any real update (the narratives are at most 2,000 characters each); larger is refused unread. */
    public static final int MAX_BYTES = 64 * 1024;

    private static final JsonBodyReader BODY = new JsonBodyReader(MAX_BYTES, "a missing-episode notice");
    private static final JsonShape SHAPE = new JsonShape("a missing-episode notice")
            .text(Fields.EPISODE_ID, Fields.UPDATE, Fields.UPDATED_AT, Fields.REPORTED_BY, Fields.REPORTING_FORCE,
                    Fields.POLICE_REFERENCE, Fields.REPORTER_REFERENCE, Fields.TYPE, Fields.START, Fields.END,
                    Fields.RISK_LEVEL, Fields.RISK_RATIONALE, Fields.MISSING_FROM_POSTCODE, Fields.LAST_SEEN_LOCATION,
                    Fields.HOST_AUTHORITY, Fields.CONCERNS, Fields.CIRCUMSTANCES, Fields.FOUND_AUTHORITY,
                    Fields.FOUND_LOCATION, Fields.FOUND_WITH)
            .member(Fields.FOUND_CONDITION, TEXT_ARRAY)
            .text(Fields.PREVENTION_INTERVIEW, Fields.SAFE_AND_WELL_CHECK, Fields.HEALTH_CONCERNS,
                    Fields.CHILD_LOCAL_ID, Fields.CHILD_NHS_NUMBER, Fields.CHILD_UPN, Fields.CHILD_GIVEN_NAME,
                    Fields.CHILD_FAMILY_NAME, Fields.CHILD_DATE_OF_BIRTH, Fields.CHILD_SEX, Fields.CHILD_SCHOOL_URN,
                    Fields.CHILD_HOME_POSTCODE)
            .member(Fields.CHILD_LOOKED_AFTER, BOOLEAN)
            .text(Fields.CHILD_PLACING_AUTHORITY)
            .member(Fields.PHILOMENA_FORM_HELD, BOOLEAN)
            .text(Fields.PHILOMENA_DESCRIPTION, Fields.PHILOMENA_ASSOCIATES, Fields.PHILOMENA_PLACES_FREQUENTED,
                    Fields.PHILOMENA_MEDICAL_NEEDS);

    /**
     * Reads one body.
     *
     * @param sender      the authenticated sender (a police force, or a council)
     * @param now         the gateway's time, for the future-date rule
     * @param exchangeIds gives the notice's exchange id; called only when the body is accepted
     */
    public MissingReadResult<MissingEpisodeNotice> read(byte[] body, Organisation sender, Instant now,
                                                        Supplier<String> exchangeIds) {
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        return JsonNoticeReading.read(body, BODY, SHAPE,
                (draft, ids) -> MissingEpisodeValidator.validate(draft, sender, now, ids), exchangeIds,
                Fields.ALL);
    }
}

package org.bridgeway.adapters.missing;

import static org.bridgeway.adapters.missing.JsonShape.Kind.BOOLEAN;
import static org.bridgeway.adapters.missing.JsonShape.Kind.TEXT_ARRAY;

import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.model.ReturnInterviewOutcomeNotice.Fields;

/**
 * Reads one return-interview outcome sent as JSON, in the shape of
 * {@code schemas/return-interview-outcome.schema.json}: objects {@code episode} (its {@code id} only: the gateway
 * adds the rest from its record), {@code interview} and {@code child}. {@code offered}, {@code accepted} and
 * {@code harmDisclosed} are JSON booleans, {@code referrals} an array of codes; everything else is a string.
 * The sender is the authenticated council. Violations as for {@link MissingEpisodeJsonReader}.
 */
public final class ReturnInterviewOutcomeJsonReader {
    public static final int MAX_BYTES = 64 * 1024;

    private static final JsonBodyReader BODY = new JsonBodyReader(MAX_BYTES, "a return-interview outcome");
    private static final JsonShape SHAPE = new JsonShape("a return-interview outcome")
            .text(Fields.EPISODE_ID, Fields.TASK_ID, Fields.LOCAL_AUTHORITY, Fields.PROVIDER, Fields.COMPLETED_BY)
            .member(Fields.OFFERED, BOOLEAN)
            .text(Fields.OFFERED_DATE)
            .member(Fields.ACCEPTED, BOOLEAN)
            .text(Fields.DATE, Fields.NOT_HELD_REASON, Fields.REASONS_FOR_MISSING, Fields.WHEREABOUTS,
                    Fields.ASSOCIATES, Fields.EXPLOITATION_CONCERNS, Fields.HEALTH_CONCERNS)
            .member(Fields.HARM_DISCLOSED, BOOLEAN)
            .text(Fields.ACTIONS)
            .member(Fields.REFERRALS, TEXT_ARRAY)
            .text(Fields.CHILD_VIEW, Fields.CHILD_LOCAL_ID, Fields.CHILD_NHS_NUMBER, Fields.CHILD_UPN,
                    Fields.CHILD_GIVEN_NAME, Fields.CHILD_FAMILY_NAME, Fields.CHILD_DATE_OF_BIRTH, Fields.CHILD_SEX,
                    Fields.CHILD_SCHOOL_URN);

    /**
     * Reads one body.
     *
     * @param sender      the authenticated council (the responsible authority, or the one it handed the task to)
     * @param now         the gateway's time, for the future-date rule
     * @param exchangeIds gives the notice's exchange id; called only when the body is accepted
     */
    public MissingReadResult<ReturnInterviewOutcomeNotice> read(byte[] body, Organisation sender, Instant now,
                                                                Supplier<String> exchangeIds) {
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        return JsonNoticeReading.read(body, BODY, SHAPE,
                (draft, ids) -> ReturnInterviewOutcomeValidator.validate(draft, sender, now, ids), exchangeIds,
                Fields.ALL);
    }
}

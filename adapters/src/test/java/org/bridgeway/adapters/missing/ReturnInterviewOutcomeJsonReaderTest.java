package org.bridgeway.adapters.missing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.Consumer;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;
import org.bridgeway.model.ReturnInterviewOutcomeNotice.Fields;
import org.junit.jupiter.api.Test;

class ReturnInterviewOutcomeJsonReaderTest {
    static final java.nio.file.Path SAMPLE = MissingGolden.CASES.resolve(
            "return-interview-outcomes/1-held.outcome.json");
    static final Organisation KENT = Organisation.parseId("local-authority:886");
    static final Instant NOW = Instant.parse("2026-03-05T12:00:00Z");

    static byte[] variant(Consumer<ObjectNode> edit) {
        try {
            ObjectNode doc = (ObjectNode) MissingGolden.JSON.readTree(SAMPLE.toFile());
            edit.accept(doc);
            return MissingGolden.JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode interview(ObjectNode doc) {
        return (ObjectNode) doc.get("interview");
    }

    private MissingReadResult<ReturnInterviewOutcomeNotice> read(byte[] body) {
        return new ReturnInterviewOutcomeJsonReader().read(body, KENT, NOW, () -> "bx-1");
    }

    @Test
    void theSampleBecomesAnOutcomeAwaitingTheEpisodeRecord() {
        MissingReadResult<ReturnInterviewOutcomeNotice> result = read(variant(doc -> { }));
        ReturnInterviewOutcomeNotice n = ((MissingReadResult.Accepted<ReturnInterviewOutcomeNotice>) result).notice();
        assertThat(n.sender()).isEqualTo(KENT);
        assertThat(n.episode()).isEmpty();
        assertThat(n.heldWithin72Hours()).isEmpty();
        assertThat(n.fields()).containsEntry(Fields.REFERRALS, "NRM,CAMHS").containsEntry(Fields.HARM_DISCLOSED,
                "false");
    }

    @Test
    void theSenderCannotSetWhatTheGatewayKnowsOfTheEpisode() {
        MissingReadResult<ReturnInterviewOutcomeNotice> result = read(variant(doc -> ((ObjectNode) doc.get("episode"))
                .put("end", "2026-03-03T09:15:00Z").put("reportingForce", "kent")));
        assertThat(((MissingReadResult.Refused<ReturnInterviewOutcomeNotice>) result).violations())
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple("episode.end", JsonShape.UNKNOWN), tuple("episode.reportingForce",
                        JsonShape.UNKNOWN));
    }

    @Test
    void anInterviewHeldOrOfferedInTheFutureIsRefused() {
        MissingReadResult<ReturnInterviewOutcomeNotice> result = read(variant(doc -> interview(doc)
                .put("date", "2026-03-05T12:05:01Z").put("offeredDate", "2026-03-07")));
        assertThat(((MissingReadResult.Refused<ReturnInterviewOutcomeNotice>) result).violations())
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.OFFERED_DATE, "interview.offeredDate.future"),
                        tuple(Fields.DATE, ReturnInterviewOutcomeNotice.Rules.HELD_BEFORE_OFFER),
                        tuple(Fields.DATE, "interview.date.future"));
    }

    @Test
    void anUnreadableInterviewDateIsNotAlsoAnInterviewNotHeld() {
        MissingReadResult<ReturnInterviewOutcomeNotice> result = read(variant(doc -> interview(doc)
                .put("date", "5 March")));
        assertThat(((MissingReadResult.Refused<ReturnInterviewOutcomeNotice>) result).violations())
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.DATE, DraftReading.DATE_TIME_FORMAT));
    }

    @Test
    void oneOutcomePerEpisodeAndSender() {
        String first = ((MissingReadResult.Accepted<ReturnInterviewOutcomeNotice>) read(variant(doc -> { })))
                .notice().idempotencyKey();
        String again = ((MissingReadResult.Accepted<ReturnInterviewOutcomeNotice>) read(variant(doc ->
                interview(doc).put("actions", "GP appointment")))).notice().idempotencyKey();
        assertThat(again).isEqualTo(first);
    }
}

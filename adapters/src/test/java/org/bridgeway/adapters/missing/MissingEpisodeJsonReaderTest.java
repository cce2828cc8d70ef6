package org.bridgeway.adapters.missing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.MissingEpisodeNotice;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.bridgeway.model.Organisation;
import org.junit.jupiter.api.Test;

class MissingEpisodeJsonReaderTest {
    static final java.nio.file.Path SAMPLE = MissingGolden.CASES.resolve("police-report/report.json");
    static final Organisation FORCE = Organisation.parseId("police:greater-manchester");
    /** One minute after the sample's updatedAt. */
    static final Instant NOW = Instant.parse("2026-03-01T21:06:00Z");

    private final MissingEpisodeJsonReader reader = new MissingEpisodeJsonReader();

    /** The sample update as a tree, changed by {@code edit}. */
    static byte[] variant(Consumer<ObjectNode> edit) {
        try {
            ObjectNode doc = (ObjectNode) MissingGolden.JSON.readTree(SAMPLE.toFile());
            edit.accept(doc);
            return MissingGolden.JSON.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode episode(ObjectNode doc) {
        return (ObjectNode) doc.get("episode");
    }

    static ObjectNode child(ObjectNode doc) {
        return (ObjectNode) doc.get("child");
    }

    private MissingReadResult<MissingEpisodeNotice> read(byte[] body, Instant now) {
        return reader.read(body, FORCE, now, () -> "bx-1");
    }

    private List<org.assertj.core.groups.Tuple> violations(byte[] body) {
        MissingReadResult<MissingEpisodeNotice> result = reader.read(body, FORCE, NOW, () -> {
            throw new AssertionError("no exchange id is issued for a refused body");
        });
        assertThat(result).isInstanceOf(MissingReadResult.Refused.class);
        return ((MissingReadResult.Refused<MissingEpisodeNotice>) result).violations().stream()
                .map(v -> tuple(v.field(), v.rule())).toList();
    }

    private MissingEpisodeNotice accepted(byte[] body, Instant now) {
        MissingReadResult<MissingEpisodeNotice> result = read(body, now);
        assertThat(result).isInstanceOf(MissingReadResult.Accepted.class);
        return ((MissingReadResult.Accepted<MissingEpisodeNotice>) result).notice();
    }

    @Test
    void theSampleBecomesANoticeFromTheAuthenticatedSender() {
        MissingEpisodeNotice n = accepted(variant(doc -> { }), NOW);
        assertThat(n.exchangeId()).isEqualTo("bx-1");
        assertThat(n.sender()).isEqualTo(FORCE);
        assertThat(n.fields()).containsEntry(Fields.PHILOMENA_FORM_HELD, "true")
                .containsEntry(Fields.CHILD_LOOKED_AFTER, "true").containsEntry(Fields.RISK_LEVEL, "HIGH");
        assertThat(n.idempotencyKey()).startsWith("missing:").hasSize("missing:".length() + 64);
    }

    @Test
    void theSameUpdateSentAgainHasTheSameKeyAndALaterUpdateAnother() {
        String first = accepted(variant(doc -> { }), NOW).idempotencyKey();
        String again = accepted(variant(doc -> episode(doc).put("circumstances", "corrected wording")), NOW)
                .idempotencyKey();
        String later = accepted(variant(doc -> episode(doc).put("update", "RISK_REGRADED")
                .put("updatedAt", "2026-03-01T21:05:30Z")), NOW).idempotencyKey();
        assertThat(again).isEqualTo(first);
        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void clockSkewOfUpToFiveMinutesIsTolerated() {
        Instant now = Instant.parse("2026-03-01T21:00:00Z"); // the sample's updatedAt is 21:05:00
        accepted(variant(doc -> { }), now);
        MissingReadResult<MissingEpisodeNotice> late = read(variant(doc -> { }), now.minusSeconds(1));
        assertThat(((MissingReadResult.Refused<MissingEpisodeNotice>) late).violations())
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.UPDATED_AT, "episode.updatedAt.future"));
    }

    @Test
    void everyDateTimeInTheFutureIsRefused() {
        assertThat(violations(variant(doc -> {
            episode(doc).put("update", "FOUND").put("updatedAt", "2026-03-02T09:00:00Z")
                    .put("end", "2026-03-02T08:00:00Z").put("preventionInterview", "DONE")
                    .put("safeAndWellCheck", "2026-03-02T08:30:00Z").put("start", "2026-03-02T07:00:00Z");
            child(doc).put("dateOfBirth", "2026-03-03");
        }))).containsExactly(
                tuple(Fields.START, MissingEpisodeNotice.Rules.START_BEFORE_BIRTH),
                tuple(Fields.START, "episode.start.future"),
                tuple(Fields.END, "episode.end.future"),
                tuple(Fields.SAFE_AND_WELL_CHECK, "episode.safeAndWellCheck.future"),
                tuple(Fields.CHILD_DATE_OF_BIRTH, "child.dateOfBirth.future"),
                tuple(Fields.UPDATED_AT, "episode.updatedAt.future"));
    }

    @Test
    void aDateOfBirthTodayAnywhereIsNotInTheFuture() {
        // 21:06 UTC on 1 March is already 2 March in Kiribati (UTC+14)
        MissingEpisodeNotice n = accepted(variant(doc -> {
            child(doc).put("dateOfBirth", "2026-03-02");
            episode(doc).put("start", "2026-03-02T10:00:00+14:00");
        }), NOW);
        assertThat(n.child().identity().dateOfBirth()).contains(java.time.LocalDate.of(2026, 3, 2));
    }

    @Test
    void aDateTimeWithoutItsOffsetOrSecondsIsRefused() {
        assertThat(violations(variant(doc -> episode(doc).put("start", "2026-03-01T18:30:00"))))
                .containsExactly(tuple(Fields.START, DraftReading.DATE_TIME_FORMAT));
        assertThat(violations(variant(doc -> episode(doc).put("start", "2026-03-01T18:30Z"))))
                .containsExactly(tuple(Fields.START, DraftReading.DATE_TIME_FORMAT));
        assertThat(violations(variant(doc -> episode(doc).put("start", "2026-02-30T18:30:00Z"))))
                .containsExactly(tuple(Fields.START, DraftReading.NOT_A_DATE_TIME));
    }

    @Test
    void aMemberOfTheWrongTypeIsReportedOnceNotAlsoAsMissing() {
        assertThat(violations(variant(doc -> {
            episode(doc).put("type", 1).put("foundCondition", "SAFE_AND_WELL");
            child(doc).putNull("lookedAfter");
            doc.put("philomena", "held");
        }))).containsExactly(
                tuple(Fields.TYPE, JsonShape.TYPE),
                tuple(Fields.CHILD_LOOKED_AFTER, JsonShape.TYPE),
                tuple(Fields.FOUND_CONDITION, JsonShape.TYPE),
                tuple("philomena", JsonShape.TYPE));
    }

    @Test
    void unknownMembersAreRefusedAndTheirNamesNotEchoedWhenOdd() {
        assertThat(violations(variant(doc -> {
            doc.put("sender", "police:kent");
            child(doc).put("nick name", "x");
        }))).containsExactly(tuple("sender", JsonShape.UNKNOWN), tuple("child.?", JsonShape.UNKNOWN));
    }

    @Test
    void theBodyAsAWholeIsReadAsEveryJsonBodyIs() {
        assertThat(violations(new byte[MissingEpisodeJsonReader.MAX_BYTES + 1]))
                .containsExactly(tuple(JsonBodyReader.WHOLE_BODY, JsonBodyReader.TOO_LARGE));
        assertThat(violations(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}'}))
                .containsExactly(tuple(JsonBodyReader.WHOLE_BODY, JsonBodyReader.MALFORMED));
        assertThat(violations("[]".getBytes(StandardCharsets.UTF_8)))
                .containsExactly(tuple(JsonBodyReader.WHOLE_BODY, JsonBodyReader.NOT_OBJECT));
        assertThat(violations(new byte[0])).containsExactly(tuple(JsonBodyReader.WHOLE_BODY, JsonBodyReader.EMPTY));
    }

    @Test
    void anEmptyObjectNamesEveryRequiredField() {
        assertThat(violations("{}".getBytes(StandardCharsets.UTF_8))).containsExactly(
                tuple(Fields.TYPE, DraftReading.REQUIRED),
                tuple(Fields.START, DraftReading.REQUIRED),
                tuple(Fields.CHILD_LOOKED_AFTER, DraftReading.REQUIRED),
                tuple(Fields.UPDATE, DraftReading.REQUIRED),
                tuple(Fields.UPDATED_AT, DraftReading.REQUIRED),
                tuple(Fields.REPORTED_BY, DraftReading.REQUIRED),
                tuple("child", "child.identity.required"));
    }

    @Test
    void aPhilomenaFormNotHeldCarriesNoDetails() {
        assertThat(violations(variant(doc -> ((ObjectNode) doc.get("philomena")).put("formHeld", false))))
                .containsExactly(tuple(Fields.PHILOMENA_FORM_HELD, MissingEpisodeValidator.PHILOMENA_NOT_HELD));
        MissingEpisodeNotice none = accepted(variant(doc -> doc.putObject("philomena").put("formHeld", false)), NOW);
        assertThat(none.philomena()).isEmpty();
    }

    @Test
    void anOptionalFieldGivenBlankIsRefusedNotDropped() {
        assertThat(violations(variant(doc -> episode(doc).put("lastSeenLocation", " "))))
                .containsExactly(tuple(Fields.LAST_SEEN_LOCATION, "text.empty"));
    }
}

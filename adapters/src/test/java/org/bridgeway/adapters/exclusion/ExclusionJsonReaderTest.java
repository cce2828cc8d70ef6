package org.bridgeway.adapters.exclusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.ExclusionNotice.Rules;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.FreeText;
import org.bridgeway.model.TestUpns;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExclusionJsonReaderTest {
    static final String SAMPLE = "03-suspension.json";

    private final ExclusionJsonReader reader = new ExclusionJsonReader();

    /** The sample notice as a tree, changed by {@code edit}. */
    static byte[] variant(Consumer<ObjectNode> edit) {
        try {
            ObjectNode doc = (ObjectNode) ExclusionGolden.JSON.readTree(ExclusionGolden.sample(SAMPLE));
            edit.accept(doc);
            return ExclusionGolden.JSON.writeValueAsBytes(doc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<FieldViolation> violations(byte[] body) {
        ExclusionJsonResult result = reader.read(body, ExclusionGolden.exchangeIds());
        assertThat(result).isInstanceOf(ExclusionJsonResult.Refused.class);
        return ((ExclusionJsonResult.Refused) result).violations();
    }

    @Test
    void theSampleIsAccepted() {
        ExclusionJsonResult result = reader.read(ExclusionGolden.sample(SAMPLE), () -> "bx-1");
        assertThat(result).isInstanceOfSatisfying(ExclusionJsonResult.Accepted.class, a -> {
            ExclusionNotice n = a.notice();
            assertThat(n.exchangeId()).isEqualTo("bx-1");
            assertThat(n.fields()).containsEntry(Fields.EXCLUSION_DAYS, "2").containsEntry(Fields.EXCLUSION_SESSIONS, "4")
                    .containsEntry(Fields.EXCLUSION_REASONS, "PA,VA");
        });
    }

    @Test
    void theSameExclusionByXmlAndByJsonHasTheSameIdempotencyKey() {
        String fromJson = ((ExclusionJsonResult.Accepted) reader.read(ExclusionGolden.sample(SAMPLE),
                () -> "bx-1")).notice().idempotencyKey();
        List<ExclusionNotice> fromXml = new ExclusionXmlReader().read("01", ExclusionGolden.sample(
                "01-exmoor-vale-autumn-2025.xml"), () -> "bx").notices();
        assertThat(fromXml).extracting(ExclusionNotice::idempotencyKey).containsOnlyOnce(fromJson);
    }

    @Test
    void everyViolationIsListedInFieldOrder() {
        byte[] body = variant(doc -> {
            doc.put("priority", "high");
            ((ObjectNode) doc.get("school")).put("urn", "11345");
            ((ObjectNode) doc.get("child")).put("upn", TestUpns.withWrongCheckLetter("878400119001"))
                    .put("nickname", "x").remove("familyName");
            ((ObjectNode) doc.get("exclusion")).put("startDate", "2025-02-30").put("days", 2.5)
                    .putArray("reasons").add("PA").add("XX");
        });
        assertThat(violations(body)).extracting(FieldViolation::field, FieldViolation::rule).containsExactly(
                tuple(Fields.SCHOOL_URN, "school-urn.format"),
                tuple(Fields.CHILD_UPN, "upn.check-letter"),
                tuple(Fields.CHILD_FAMILY_NAME, ExclusionValidator.REQUIRED),
                tuple(Fields.EXCLUSION_REASONS, "exclusion-reason.code"),
                tuple(Fields.EXCLUSION_START_DATE, ExclusionValidator.NOT_A_DATE),
                tuple(Fields.EXCLUSION_DAYS, Rules.DAYS_SESSIONS),
                tuple("priority", "json.unknown-field"),
                tuple("child.nickname", "json.unknown-field"));
    }

    @Test
    void aMemberOfTheWrongTypeIsReportedOnceNotAlsoAsMissing() {
        byte[] body = variant(doc -> {
            ((ObjectNode) doc.get("exclusion")).put("sessions", "4").put("reasons", "PA");
            doc.put("school", "113456");
        });
        assertThat(violations(body)).extracting(FieldViolation::field, FieldViolation::rule).containsExactly(
                tuple(Fields.EXCLUSION_REASONS, "json.type"),
                tuple(Fields.EXCLUSION_SESSIONS, "json.type"),
                tuple("school", "json.type"));
    }

    @Test
    void numbersMustBeOfTheirKind() {
        assertThat(violations(variant(doc -> ((ObjectNode) doc.get("exclusion")).put("sessions", 4.5))))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.EXCLUSION_SESSIONS, "json.type"));
        assertThat(violations(variant(doc -> ((ObjectNode) doc.get("exclusion")).put("days", "2"))))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.EXCLUSION_DAYS, "json.type"));
        assertThat(violations(variant(doc -> ((ObjectNode) doc.get("child")).put("upn", 878400119001L))))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.CHILD_UPN, "json.type"));
        assertThat(violations(variant(doc -> ((ObjectNode) doc.get("exclusion")).putArray("reasons").add(1))))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.EXCLUSION_REASONS, "json.type"));
    }

    @Test
    void aPermanentExclusionWithALengthAndAnEmptyBody() {
        byte[] body = variant(doc -> ((ObjectNode) doc.get("exclusion")).put("category", "PERM"));
        assertThat(violations(body)).extracting(FieldViolation::rule)
                .containsExactly(Rules.SESSIONS_PERMANENT, Rules.DAYS_PERMANENT);
        assertThat(violations("{}".getBytes(StandardCharsets.UTF_8))).extracting(FieldViolation::field)
                .containsExactly(Fields.SCHOOL_URN, Fields.SCHOOL_LOCAL_AUTHORITY, Fields.CHILD_UPN,
                        Fields.CHILD_GIVEN_NAME, Fields.CHILD_FAMILY_NAME, Fields.CHILD_DATE_OF_BIRTH,
                        Fields.EXCLUSION_CATEGORY, Fields.EXCLUSION_REASONS, Fields.EXCLUSION_START_DATE);
    }

    @Test
    void noExchangeIdIsTakenForARefusedNotice() {
        int[] calls = {0};
        Supplier<String> ids = () -> "bx-" + ++calls[0];
        reader.read(variant(doc -> doc.put("extra", 1)), ids);
        reader.read(variant(doc -> ((ObjectNode) doc.get("child")).put("upn", "UN1")), ids);
        assertThat(calls[0]).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "\"text\"", "{\"school\": ", "{} {}", "{\"school\": {}, \"school\": {}}",
            "{\"child\": {\"givenName\": Alfie}}"})
    void aBodyThatIsNotOneJsonObjectIsRefusedWhole(String text) {
        List<FieldViolation> v = violations(text.getBytes(StandardCharsets.UTF_8));
        assertThat(v).hasSize(1);
        assertThat(v.get(0).field()).isEqualTo(ExclusionJsonReader.WHOLE_BODY);
        assertThat(v.get(0).rule()).isIn("body.empty", "json.not-object", "json.malformed");
        assertThat(v.get(0).message()).doesNotContain("Alfie");
    }

    @Test
    void anOversizedBodyOrInvalidUtf8OrDeepNestingIsRefused() {
        byte[] big = new byte[ExclusionJsonReader.MAX_BYTES + 1];
        assertThat(violations(big)).extracting(FieldViolation::rule).containsExactly("body.too-large");

        byte[] badUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThat(violations(badUtf8)).extracting(FieldViolation::rule).containsExactly("json.malformed");

        String deep = "{\"a\":".repeat(30) + "1" + "}".repeat(30);
        assertThat(violations(deep.getBytes(StandardCharsets.UTF_8))).extracting(FieldViolation::rule)
                .containsExactly("json.too-deep");
    }

    @Test
    void aLongNameIsAViolationOfItsFieldNotOfTheParser() {
        List<FieldViolation> v = violations(variant(doc ->
                ((ObjectNode) doc.get("child")).put("givenName", "A".repeat(20_000))));
        assertThat(v).extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.CHILD_GIVEN_NAME, FreeText.MAX_LENGTH));
        assertThat(v.get(0).message()).doesNotContain("StreamReadConstraints", "AAAA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Al\u0000fie", "Al\u0007fie", "Alfie\u202Eeifl", "Alfie\u2066", "Alfie\u0085",
            "Alfie\uD800", "Alfie\u0378"})
    void controlBidiAndUnassignedCharactersInANameAreFieldViolations(String givenName) {
        List<FieldViolation> v = violations(variant(doc -> ((ObjectNode) doc.get("child")).put("givenName", givenName)));
        assertThat(v).singleElement().satisfies(x -> {
            assertThat(x.field()).isEqualTo(Fields.CHILD_GIVEN_NAME);
            assertThat(x.rule()).startsWith("text.");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dafydd Llŵyd", "Łucja", "فاطمة", "张伟", "Se\u0301verine", "O'Brien-Ní Mháille"})
    void namesOfEveryLanguageAreAccepted(String givenName) {
        assertThat(reader.read(variant(doc -> ((ObjectNode) doc.get("child")).put("givenName", givenName)
                        .put("familyName", givenName)), () -> "bx-1"))
                .isInstanceOfSatisfying(ExclusionJsonResult.Accepted.class,
                        a -> assertThat(a.notice().child().givenName()).isEqualTo(givenName));
    }

    @Test
    void noMessageRepeatsASubmittedValue() {
        byte[] body = variant(doc -> {
            ((ObjectNode) doc.get("child")).put("upn", "Z878400119001").put("givenName", "Al\u0007fie")
                    .put("localId", "has space");
            ((ObjectNode) doc.get("exclusion")).putArray("reasons").add("QQ");
        });
        List<FieldViolation> v = violations(body);
        assertThat(v).hasSizeGreaterThanOrEqualTo(4);
        v.forEach(x -> assertThat(x.message()).doesNotContain("Z878400119001", "Al\u0007fie", "has space", "QQ"));
    }
}

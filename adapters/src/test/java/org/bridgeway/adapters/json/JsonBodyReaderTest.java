package org.bridgeway.adapters.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.bridgeway.model.FieldViolation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal of a JSON body has a precise rule and words of our own: never the parser's, never the input's. */
class JsonBodyReaderTest {
    private static final int LIMIT = 64 * 1024;
    private final JsonBodyReader reader = new JsonBodyReader(LIMIT, "a notice");

    static Stream<Arguments> unreadable() {
        return Stream.of(
                arguments("", JsonBodyReader.EMPTY),
                arguments("x".repeat(LIMIT + 1), JsonBodyReader.TOO_LARGE),
                arguments("[]", JsonBodyReader.NOT_OBJECT),
                arguments("\"Riley\"", JsonBodyReader.NOT_OBJECT),
                arguments("{\"a\":".repeat(21) + "1" + "}".repeat(21), JsonBodyReader.TOO_DEEP),
                arguments("[".repeat(5_000) + "]".repeat(5_000), JsonBodyReader.TOO_DEEP),
                arguments("{\"n\":" + "9".repeat(31) + "}", JsonBodyReader.NUMBER_TOO_LONG),
                arguments("{\"givenName\":Riley}", JsonBodyReader.MALFORMED),
                arguments("{\"givenName\":\"Riley\"", JsonBodyReader.MALFORMED),
                arguments("{\"givenName\":\"Riley\",\"givenName\":\"Sam\"}", JsonBodyReader.MALFORMED),
                arguments("{\"givenName\":\"Riley\"} {\"x\":1}", JsonBodyReader.MALFORMED),
                arguments("{\"givenName\":\"Riley\"} Riley", JsonBodyReader.MALFORMED));
    }

    @ParameterizedTest
    @MethodSource("unreadable")
    void everyUnreadableBodyIsOneViolationOfTheWholeBodyInOurOwnWords(String body, String rule) {
        FieldViolation v = refused(body.getBytes(StandardCharsets.UTF_8));
        assertThat(v.field()).isEqualTo(JsonBodyReader.WHOLE_BODY);
        assertThat(v.rule()).isEqualTo(rule);
        assertThat(v.message()).isNotBlank()
                .doesNotContain("Riley", "StreamReadConstraints", "Jackson", "com.fasterxml", "`", "Source:", "token");
    }

    @Test
    void theParserSaysWhatIsWrongAndWhere() {
        assertThat(refused("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)).message())
                .contains("more than once", "line 1");
        assertThat(refused("{\"a\":1} []".getBytes(StandardCharsets.UTF_8)).message()).contains("after the end");
        assertThat(refused(new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}).message())
                .contains("not valid UTF-8");
    }

    @Test
    void aStringAsLongAsTheBodyAllowsIsReadSoItsFieldCanJudgeIt() {
        String body = "{\"givenName\":\"" + "A".repeat(LIMIT - 20) + "\"}";
        assertThat(reader.read(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(JsonBodyReader.Result.Parsed.class,
                        p -> assertThat(p.document().get("givenName").asText()).hasSize(LIMIT - 20));
    }

    @Test
    void onlyTheSizeRefusalCountsAsTooLarge() {
        assertThat(reader.read(new byte[LIMIT + 1])).isInstanceOfSatisfying(JsonBodyReader.Result.Refused.class,
                r -> assertThat(r.tooLarge()).isTrue());
        assertThat(reader.read("[]".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(JsonBodyReader.Result.Refused.class, r -> assertThat(r.tooLarge()).isFalse());
    }

    @Test
    void aMemberNameIsShownOnlyWhenItIsAPlainIdentifier() {
        assertThat(JsonBodyReader.memberName("child.", "favouriteColour")).isEqualTo("child.favouriteColour");
        assertThat(JsonBodyReader.memberName("child.", "Riley Sampleton")).isEqualTo("child.?");
        assertThat(JsonBodyReader.memberName("", "x".repeat(41))).isEqualTo("?");
    }

    private FieldViolation refused(byte[] body) {
        JsonBodyReader.Result result = reader.read(body);
        assertThat(result).isInstanceOf(JsonBodyReader.Result.Refused.class);
        return ((JsonBodyReader.Result.Refused) result).violation();
    }
}

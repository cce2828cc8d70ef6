package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Names of every language pass; invisible, reordering and undefined characters are refused by a named rule. */
class FreeTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Gwenllian", "Dafydd Llŵyd", "Siân", "Łucja Wróblewska-Żak", "O'Connor-Brân", "D’Arcy",
            "فاطمة الزهراء", "张伟", "さくら", "김민준", "Ngọc Ánh", "Zoë", "Se\u0301verine" /* e + combining acute */,
            "Mary Jane", "Αλέξανδρος", "Дмитрий", "יעל", "𠀋子" /* outside the BMP */, "नमस्ते",
            "می\u200Cخواهم" /* Persian needs the zero-width non-joiner */, "Ørjan Åsmund", "Nguyễn"})
    void lettersOfEveryLanguageAreAccepted(String name) {
        assertThat(FreeText.check("child.givenName", name, 100)).isEmpty();
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                arguments("Al\u0000fie", FreeText.CONTROL_CHARACTER),   // NUL
                arguments("Al\u0007fie", FreeText.CONTROL_CHARACTER),   // BEL
                arguments("Al\u001Bfie", FreeText.CONTROL_CHARACTER),   // ESC
                arguments("Al\u007Ffie", FreeText.CONTROL_CHARACTER),   // DEL
                arguments("Al\u0085fie", FreeText.CONTROL_CHARACTER),   // C1 next line
                arguments("Al\u009Bfie", FreeText.CONTROL_CHARACTER),   // C1 control sequence introducer
                arguments("Al\tfie", FreeText.CONTROL_CHARACTER),
                arguments("Al\nfie", FreeText.CONTROL_CHARACTER),
                arguments("Al\u2028fie", FreeText.CONTROL_CHARACTER),   // line separator
                arguments("Riley\u202Eeilir", FreeText.BIDI_CONTROL),   // right-to-left override
                arguments("Riley\u202A", FreeText.BIDI_CONTROL),        // left-to-right embedding
                arguments("Riley\u2066x\u2069", FreeText.BIDI_CONTROL), // isolates
                arguments("Riley\u200E", FreeText.BIDI_CONTROL),        // LRM
                arguments("Riley\u200F", FreeText.BIDI_CONTROL),        // RLM
                arguments("Riley\u061C", FreeText.BIDI_CONTROL),        // Arabic letter mark
                arguments("Riley\uFDD0", FreeText.NONCHARACTER),
                arguments("Riley\uFFFF", FreeText.NONCHARACTER),
                arguments("Riley\uD800", FreeText.LONE_SURROGATE),
                arguments("\uDC00Riley", FreeText.LONE_SURROGATE),
                arguments("Riley\u0378", FreeText.UNASSIGNED),          // a gap in the Greek block
                arguments("Riley\uDB40\uDC80", FreeText.UNASSIGNED));   // U+E0080, past the tag characters
    }

    @ParameterizedTest
    @MethodSource("refused")
    void invisibleReorderingAndUndefinedCharactersAreRefusedByName(String name, String rule) {
        assertThat(FreeText.check("child.givenName", name, 100))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple("child.givenName", rule));
    }

    @ParameterizedTest
    @ValueSource(ints = {100, 1})
    void lengthCountsCodePointsNotUtf16Units(int max) {
        String atLimit = "𠀋".repeat(max); // two UTF-16 units each
        assertThat(FreeText.check("child.familyName", atLimit, max)).isEmpty();
        assertThat(FreeText.check("child.familyName", atLimit + "a", max))
                .extracting(FieldViolation::rule).containsExactly(FreeText.MAX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Riley\u0007", "Riley\u202E"})
    void noMessageRepeatsTheText(String name) {
        assertThat(FreeText.check("child.givenName", name + "x".repeat(200), 100))
                .allSatisfy(v -> assertThat(v.message()).doesNotContain("Riley"))
                .extracting(FieldViolation::rule).hasSize(2).contains(FreeText.MAX_LENGTH);
    }
}

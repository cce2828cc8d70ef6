package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"9990000018", "999 000 0026", "999-000-0034", "9990000050"})
    void nhsNumbersWithAValidCheckDigitAreAccepted(String text) {
        assertThat(NhsNumber.parse(text).value()).hasSize(10).containsOnlyDigits();
    }

    @ParameterizedTest
    @CsvSource({"9990000019,nhs-number.check-digit", "999000001,nhs-number.format", "99900000AB,nhs-number.format",
            "9990000000,nhs-number.check-digit"})
    void badNhsNumbersNameTheRuleAndNeverEchoTheValue(String text, String rule) {
        assertThatThrownBy(() -> NhsNumber.parse(text))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> {
                    assertThat(e.rule()).isEqualTo(rule);
                    assertThat(e.getMessage()).doesNotContain(text);
                });
    }

    @Test
    void aCheckDigitOfTenMakesTheNumberInvalid() {
        // weights 10..2 over 999000000 sum to 243, 243 mod 11 = 1, 11 - 1 = 10: no NHS number starts like this
        assertThat(NhsNumber.checkDigit("9990000000")).isEqualTo(10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"B801200005001", "UN1", "UN5", "b801200005001"})
    void upnsWithTheirCheckLetterOrAPlaceholderAreAccepted(String text) {
        Upn upn = Upn.parse(text);
        assertThat(upn.isPlaceholder()).isEqualTo(text.startsWith("UN"));
    }

    @ParameterizedTest
    @CsvSource({"C801200005001,upn.check-letter", "I801200005001,upn.format", "B80120000500,upn.format",
            "UN6,upn.format"})
    void badUpnsNameTheRule(String text, String rule) {
        assertThatThrownBy(() -> Upn.parse(text)).isInstanceOfSatisfying(InvalidValueException.class,
                e -> assertThat(e.rule()).isEqualTo(rule));
    }

    @ParameterizedTest
    @CsvSource({"me141aa,ME14 1AA,ME14,ME", "SW1A  2AA,SW1A 2AA,SW1A,SW", "m13 9pl,M13 9PL,M13,M"})
    void postcodesAreNormalisedWithTheirDistrictAndArea(String text, String normal, String district, String area) {
        Postcode postcode = Postcode.parse(text);
        assertThat(postcode.value()).isEqualTo(normal);
        assertThat(postcode.district()).isEqualTo(district);
        assertThat(postcode.area()).isEqualTo(area);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ME14 1AC", "12345", "ME14", "QQ1 1AA1"})
    void invalidPostcodesAreRefused(String text) {
        assertThatThrownBy(() -> Postcode.parse(text)).isInstanceOf(InvalidValueException.class)
                .extracting(e -> ((InvalidValueException) e).rule()).isEqualTo("postcode.format");
    }

    @Test
    void dfeLaCodesFollowTheRangesDfeIssues() {
        assertThat(DfeLaCode.parse("886").value()).isEqualTo("886");
        assertThat(DfeLaCode.parse("943").value()).isEqualTo("943");
        assertThatThrownBy(() -> DfeLaCode.parse("999")).extracting(e -> ((InvalidValueException) e).rule())
                .isEqualTo("la-code.range");
        assertThatThrownBy(() -> DfeLaCode.parse("88")).extracting(e -> ((InvalidValueException) e).rule())
                .isEqualTo("la-code.format");
    }

    @Test
    void otherCodesValidateTheirShape() {
        assertThat(GssCode.parse("e10000016").entityType()).isEqualTo("E10");
        assertThat(OdsCode.parse("rh802").value()).isEqualTo("RH802");
        assertThat(SchoolUrn.parse("123456").value()).isEqualTo("123456");
        assertThat(PoliceForceCode.parse("thames-valley").value()).isEqualTo("thames-valley");
        assertThatThrownBy(() -> GssCode.parse("E1000016")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> SchoolUrn.parse("012345")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> PoliceForceCode.parse("Thames Valley")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> OdsCode.parse("R-1")).isInstanceOf(InvalidValueException.class);
    }

    @Test
    void organisationIdsRoundTrip() {
        Organisation kent = Organisation.parseId("police:kent");
        assertThat(kent.type()).isEqualTo(OrganisationType.POLICE_FORCE);
        assertThat(kent.id()).isEqualTo("police:kent");
        assertThat(Organisation.parseId("local-authority:886")).isEqualTo(new Organisation(OrganisationType.LOCAL_AUTHORITY, "886", "Kent"));
        assertThatThrownBy(() -> Organisation.parseId("police")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Organisation.parseId("local-authority:999")).isInstanceOf(InvalidValueException.class);
    }
}

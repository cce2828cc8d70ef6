package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.bridgeway.model.ExclusionFixtures.DATE_OF_BIRTH;
import static org.bridgeway.model.ExclusionFixtures.START_DATE;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.ExclusionNotice.Rules;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExclusionNoticeTest {

    @Test
    void flattensToCanonicalFieldNamesInAStableOrder() {
        assertThat(ExclusionFixtures.notice().fields()).containsExactly(
                entry(Fields.SCHOOL_URN, "113456"),
                entry(Fields.SCHOOL_NAME, "Exmoor Vale Community College"),
                entry(Fields.SCHOOL_LOCAL_AUTHORITY, "878"),
                entry(Fields.CHILD_UPN, ExclusionFixtures.UPN),
                entry(Fields.CHILD_LOCAL_ID, "DCC-7781204"),
                entry(Fields.CHILD_GIVEN_NAME, "Alfie"),
                entry(Fields.CHILD_FAMILY_NAME, "Testbrook"),
                entry(Fields.CHILD_DATE_OF_BIRTH, "2011-04-03"),
                entry(Fields.EXCLUSION_CATEGORY, "SUSP"),
                entry(Fields.EXCLUSION_REASONS, "PA,VA"),
                entry(Fields.EXCLUSION_START_DATE, "2025-11-03"),
                entry(Fields.EXCLUSION_SESSIONS, "4"),
                entry(Fields.EXCLUSION_DAYS, "2"));
    }

    @Test
    void everyFieldItCarriesIsInThePublishedCatalogue() {
        assertThat(ExchangeType.EXCLUSION_NOTICE.fields()).containsAll(Fields.ALL);
        assertThat(Fields.ALL).containsAll(ExclusionFixtures.notice().fields().keySet());
    }

    @Test
    void theSchoolIsTheSender() {
        ExclusionNotice notice = ExclusionFixtures.notice();
        assertThat(notice.exchangeType()).isEqualTo(ExchangeType.EXCLUSION_NOTICE);
        assertThat(notice.sender().id()).isEqualTo("school:113456");
        assertThat(notice.sender().name()).isEqualTo("Exmoor Vale Community College");
    }

    @Test
    void absentOptionalPartsAreAbsentFromTheFields() {
        ExclusionNotice notice = new ExclusionNotice("bx-1", "k",
                new ExclusionNotice.School(new SchoolUrn("113456"), new DfeLaCode("878"), Optional.empty()),
                new ExclusionNotice.Child(new Upn(ExclusionFixtures.UPN), Optional.empty(), "A", "B", DATE_OF_BIRTH),
                new ExclusionNotice.Exclusion(ExclusionCategory.PERMANENT, START_DATE, Optional.empty(),
                        Optional.empty(), List.of(ExclusionReason.OW)));
        assertThat(notice.fields()).doesNotContainKeys(Fields.SCHOOL_NAME, Fields.CHILD_LOCAL_ID,
                Fields.EXCLUSION_SESSIONS, Fields.EXCLUSION_DAYS);
        assertThat(notice.fields()).containsEntry(Fields.EXCLUSION_CATEGORY, "PERM");
    }

    @Test
    void halfDaysAreWrittenWithoutTrailingZeros() {
        ExclusionNotice.Exclusion e = new ExclusionNotice.Exclusion(ExclusionCategory.SUSPENSION, START_DATE,
                Optional.of(3), Optional.of(new BigDecimal("1.50")), List.of(ExclusionReason.LD));
        ExclusionNotice notice = new ExclusionNotice("bx-1", "k", ExclusionFixtures.school(),
                ExclusionFixtures.child(), e);
        assertThat(notice.fields()).containsEntry(Fields.EXCLUSION_DAYS, "1.5");
    }

    @Test
    void namesAreTrimmed() {
        ExclusionNotice.Child child = new ExclusionNotice.Child(new Upn(ExclusionFixtures.UPN), Optional.empty(),
                "  Alfie ", "Testbrook\t", DATE_OF_BIRTH);
        assertThat(child.givenName()).isEqualTo("Alfie");
        assertThat(child.familyName()).isEqualTo("Testbrook");
    }

    @Test
    void printedByMistakeItShowsIdentifiersButNoPersonalData() {
        ExclusionNotice notice = ExclusionFixtures.notice();
        MinimisedNotice minimised = new MinimisedNotice(notice.exchangeId(), notice.exchangeType(), notice.sender(),
                Organisation.parseId("police:devon-and-cornwall"), notice.fields(), Instant.EPOCH);
        for (String printed : List.of(notice.toString(), notice.child().toString(),
                notice.exclusion().toString(), minimised.toString())) {
            assertThat(printed).doesNotContain(ExclusionFixtures.UPN, "DCC-7781204", "Alfie", "Testbrook",
                    "2011-04-03", "2025-11-03", "SUSP", "PA", "SUSPENSION");
        }
        assertThat(notice.toString()).contains("bx-ex-0001", "school:113456");
    }

    // ------------------------------------------------------------------ rules of the pupil

    @Test
    void aPlaceholderUpnIsRefused() {
        assertThat(ExclusionNotice.Child.check(new Upn("UN2"), null, "A", "B"))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.CHILD_UPN, Rules.UPN_PLACEHOLDER));
        assertThatThrownBy(() -> new ExclusionNotice.Child(new Upn("UN2"), Optional.empty(), "A", "B", DATE_OF_BIRTH))
                .isInstanceOf(InvalidNoticeException.class);
    }

    @Test
    void aTemporaryUpnEndingInALetterIsAccepted() {
        String temporary = TestUpns.withCheckLetter("87840012003A");
        assertThat(ExclusionNotice.Child.check(new Upn(temporary), null, "A", "B")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "slash/ed", "0123456789012345678901234567890123456789012345678901"})
    void aBadLocalIdIsRefused(String localId) {
        assertThat(ExclusionNotice.Child.check(null, localId, null, null))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.CHILD_LOCAL_ID, Rules.LOCAL_ID_FORMAT));
    }

    @Test
    void namesHaveALengthAndNoControlCharacters() {
        assertThat(ExclusionNotice.Child.check(null, null, " ", "x".repeat(101)))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.CHILD_GIVEN_NAME, FreeText.EMPTY),
                        tuple(Fields.CHILD_FAMILY_NAME, FreeText.MAX_LENGTH));
        assertThat(ExclusionNotice.Child.check(null, null, "Al\u0007fie", "x".repeat(100)))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.CHILD_GIVEN_NAME, FreeText.CONTROL_CHARACTER));
    }

    @Test
    void aSchoolNameHasALength() {
        assertThat(ExclusionNotice.School.check("x".repeat(201)))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.SCHOOL_NAME, FreeText.MAX_LENGTH));
        assertThat(ExclusionNotice.School.check("x".repeat(200))).isEmpty();
    }

    // ------------------------------------------------------------------ rules of the exclusion

    @Test
    void anExclusionHasOneToThreeReasons() {
        assertThat(rulesOf(ExclusionCategory.PERMANENT, null, null, List.of()))
                .containsExactly(tuple(Fields.EXCLUSION_REASONS, Rules.REASONS_COUNT));
        assertThat(rulesOf(ExclusionCategory.PERMANENT, null, null,
                List.of(ExclusionReason.PA, ExclusionReason.VA, ExclusionReason.DR, ExclusionReason.OW)))
                .containsExactly(tuple(Fields.EXCLUSION_REASONS, Rules.REASONS_COUNT));
        assertThat(rulesOf(ExclusionCategory.PERMANENT, null, null,
                List.of(ExclusionReason.PA, ExclusionReason.VA, ExclusionReason.DR))).isEmpty();
    }

    @Test
    void aReasonIsGivenOnce() {
        assertThat(rulesOf(ExclusionCategory.PERMANENT, null, null, List.of(ExclusionReason.PA, ExclusionReason.PA)))
                .containsExactly(tuple(Fields.EXCLUSION_REASONS, Rules.REASONS_DUPLICATE));
    }

    @ParameterizedTest
    @CsvSource({"0,true", "1,false", "90,false", "91,true", "-4,true"})
    void sessionsAreOneToNinety(int sessions, boolean refused) {
        List<Tuple> rules = rulesOf(ExclusionCategory.SUSPENSION, sessions, null, List.of(ExclusionReason.PA));
        if (refused) {
            assertThat(rules).containsExactly(tuple(Fields.EXCLUSION_SESSIONS, Rules.SESSIONS_RANGE));
        } else {
            assertThat(rules).isEmpty();
        }
    }

    @Test
    void aSuspensionGivesItsLengthALunchtimeExclusionMayAPermanentOneMayNot() {
        assertThat(rulesOf(ExclusionCategory.SUSPENSION, null, null, List.of(ExclusionReason.PA)))
                .containsExactly(tuple(Fields.EXCLUSION_SESSIONS, Rules.SESSIONS_REQUIRED));
        assertThat(rulesOf(ExclusionCategory.LUNCHTIME, null, null, List.of(ExclusionReason.PA))).isEmpty();
        assertThat(rulesOf(ExclusionCategory.LUNCHTIME, 1, null, List.of(ExclusionReason.PA))).isEmpty();
        assertThat(rulesOf(ExclusionCategory.PERMANENT, 4, new BigDecimal("2"), List.of(ExclusionReason.PA)))
                .containsExactly(tuple(Fields.EXCLUSION_SESSIONS, Rules.SESSIONS_PERMANENT),
                        tuple(Fields.EXCLUSION_DAYS, Rules.DAYS_PERMANENT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "0.25", "45.5", "46", "1.75"})
    void daysAreHalfDaysUpToFortyFive(String days) {
        assertThat(rulesOf(ExclusionCategory.LUNCHTIME, null, new BigDecimal(days), List.of(ExclusionReason.PA)))
                .containsExactly(tuple(Fields.EXCLUSION_DAYS, Rules.DAYS_RANGE));
    }

    @ParameterizedTest
    @CsvSource({"3,1.5,false", "4,2,false", "90,45,false", "4,2.5,true", "5,2,true"})
    void daysAndSessionsAgree(int sessions, String days, boolean refused) {
        List<Tuple> rules = rulesOf(ExclusionCategory.SUSPENSION, sessions, new BigDecimal(days),
                List.of(ExclusionReason.PA));
        if (refused) {
            assertThat(rules).containsExactly(tuple(Fields.EXCLUSION_DAYS, Rules.DAYS_SESSIONS));
        } else {
            assertThat(rules).isEmpty();
        }
    }

    @Test
    void theConstructorRefusesWithEveryViolationAtOnce() {
        assertThatThrownBy(() -> new ExclusionNotice.Exclusion(ExclusionCategory.PERMANENT, START_DATE,
                Optional.of(4), Optional.of(BigDecimal.ONE), List.of(ExclusionReason.TH, ExclusionReason.TH)))
                .isInstanceOfSatisfying(InvalidNoticeException.class, e -> {
                    assertThat(e.violations()).extracting(FieldViolation::rule).containsExactly(
                            Rules.REASONS_DUPLICATE, Rules.SESSIONS_PERMANENT, Rules.DAYS_PERMANENT);
                    assertThat(e.getMessage()).contains("exclusion.sessions (exclusion.sessions.permanent)");
                });
    }

    @Test
    void theExclusionStartsAfterThePupilWasBorn() {
        assertThat(ExclusionNotice.check(DATE_OF_BIRTH, DATE_OF_BIRTH))
                .extracting(FieldViolation::field, FieldViolation::rule)
                .containsExactly(tuple(Fields.EXCLUSION_START_DATE, Rules.START_BEFORE_BIRTH));
        assertThat(ExclusionNotice.check(DATE_OF_BIRTH, DATE_OF_BIRTH.plusDays(1))).isEmpty();
        ExclusionNotice.Exclusion early = new ExclusionNotice.Exclusion(ExclusionCategory.PERMANENT,
                LocalDate.of(2010, 1, 4), Optional.empty(), Optional.empty(), List.of(ExclusionReason.PA));
        assertThatThrownBy(() -> new ExclusionNotice("bx-1", "k", ExclusionFixtures.school(),
                ExclusionFixtures.child(), early)).isInstanceOf(InvalidNoticeException.class);
    }

    // ------------------------------------------------------------------ code lists

    @ParameterizedTest
    @CsvSource({"PERM,PERMANENT", "SUSP,SUSPENSION", "FIXD,SUSPENSION", "lnch,LUNCHTIME", " susp ,SUSPENSION"})
    void categoryCodesIncludingTheLegacyFixd(String code, ExclusionCategory expected) {
        assertThat(ExclusionCategory.fromCode(code)).isEqualTo(expected);
    }

    @Test
    void suspensionsAreWrittenAsSusp() {
        assertThat(ExclusionCategory.fromCode("FIXD").code()).isEqualTo("SUSP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "EXPL", "P", "PERMANENT"})
    void anUnknownCategoryNamesTheRule(String code) {
        assertThatThrownBy(() -> ExclusionCategory.fromCode(code))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("exclusion-category.code"));
    }

    @Test
    void theReasonCodesAreTheDfeLists() {
        assertThat(Arrays.stream(ExclusionReason.values()).map(ExclusionReason::code)).containsExactlyInAnyOrder(
                "PP", "PA", "VP", "VA", "BU", "RA", "SM", "DA", "DM", "TH", "PD", "OT",
                "OW", "BW", "TB", "LG", "DS", "SB", "MB", "AB", "DR", "AR", "SR", "VR", "LD", "CB", "DB", "MT", "MP",
                "OS", "PH");
        assertThat(Arrays.stream(ExclusionReason.values()).filter(ExclusionReason::legacy))
                .containsExactlyInAnyOrder(ExclusionReason.PD, ExclusionReason.OT);
        assertThat(ExclusionReason.VR.description()).isEqualTo("vape related");
        assertThat(ExclusionReason.fromCode(" ow ")).isEqualTo(ExclusionReason.OW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"XX", "P", "PAX", ""})
    void anUnknownReasonNamesTheRule(String code) {
        assertThatThrownBy(() -> ExclusionReason.fromCode(code))
                .isInstanceOfSatisfying(InvalidValueException.class,
                        e -> assertThat(e.rule()).isEqualTo("exclusion-reason.code"));
    }

    private static List<Tuple> rulesOf(ExclusionCategory category, Integer sessions, BigDecimal days,
                                   List<ExclusionReason> reasons) {
        return ExclusionNotice.Exclusion.check(category, sessions, days, reasons).stream()
                .map(v -> tuple(v.field(), v.rule())).toList();
    }

    private static java.util.Map.Entry<String, String> entry(String k, String v) {
        return java.util.Map.entry(k, v);
    }
}

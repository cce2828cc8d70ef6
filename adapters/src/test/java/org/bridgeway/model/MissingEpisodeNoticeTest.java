package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.bridgeway.model.MissingFixtures.END;
import static org.bridgeway.model.MissingFixtures.START;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.assertj.core.groups.Tuple;
import org.bridgeway.model.MissingEpisodeNotice.Fields;
import org.bridgeway.model.MissingEpisodeNotice.Rules;
import org.junit.jupiter.api.Test;

class MissingEpisodeNoticeTest {

    /** Every (field, rule) the notice refuses, in the order reported. */
    static List<Tuple> violations(Supplier<?> build) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(build::get);
        assertThat(t).isInstanceOf(InvalidNoticeException.class);
        return ((InvalidNoticeException) t).violations().stream().map(v -> tuple(v.field(), v.rule())).toList();
    }

    static MissingEpisodeNotice.Found foundAt(OffsetDateTime end) {
        return new MissingEpisodeNotice.Found(end, Optional.empty(), Optional.empty(), Optional.empty(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Test
    void aFullNoticeCarriesEveryNameOfTheCatalogueInItsOrder() {
        MissingEpisodeNotice notice = MissingFixtures.found().byCouncil().policeReference(MissingFixtures.POLICE_REFERENCE)
                .reportingForce("greater-manchester").riskLevel(RiskLevel.NO_APPARENT_RISK).riskLevelAsSent("absent")
                .build().withStrategyDiscussionPrompt("3 episodes in 30 days");
        assertThat(List.copyOf(notice.fields().keySet())).isEqualTo(ExchangeType.MISSING_EPISODE.fields());
        assertThat(Fields.ALL).isSameAs(ExchangeType.MISSING_EPISODE.fields());
    }

    @Test
    void flattensToTextInTheCataloguesFormats() {
        MissingEpisodeNotice notice = MissingFixtures.found().build();
        assertThat(notice.fields())
                .containsEntry(Fields.UPDATE, "FOUND")
                .containsEntry(Fields.TYPE, "M")
                .containsEntry(Fields.START, "2026-03-01T18:30:00Z")
                .containsEntry(Fields.END, "2026-03-03T09:15:00Z")
                .containsEntry(Fields.UPDATED_AT, "2026-03-03T10:40:00Z")
                .containsEntry(Fields.RISK_LEVEL, "HIGH")
                .containsEntry(Fields.FOUND_CONDITION, "SAFE_AND_WELL")
                .containsEntry(Fields.FOUND_AUTHORITY, "888")
                .containsEntry(Fields.PREVENTION_INTERVIEW, "DONE")
                .containsEntry(Fields.CHILD_LOOKED_AFTER, "true")
                .containsEntry(Fields.CHILD_SEX, "female")
                .containsEntry(Fields.PHILOMENA_FORM_HELD, "true")
                .containsEntry(Fields.EPISODE_ID, MissingFixtures.EPISODE_ID)
                .doesNotContainKeys(Fields.RISK_LEVEL_AS_SENT, Fields.REPORTER_REFERENCE,
                        Fields.STRATEGY_DISCUSSION_PROMPT);
    }

    @Test
    void aDateTimeKeepsTheSendersOffsetAndItsSeconds() {
        MissingEpisodeNotice notice = MissingFixtures.report().start(OffsetDateTime.parse("2026-07-01T19:30+01:00"))
                .updatedAt(OffsetDateTime.parse("2026-07-01T21:00+01:00")).build();
        assertThat(notice.fields()).containsEntry(Fields.START, "2026-07-01T19:30:00+01:00");
        assertThat(notice.start()).isEqualTo(OffsetDateTime.parse("2026-07-01T18:30Z").toInstant());
    }

    @Test
    void aLegacyAbsentIsMappedAndSaysSo() {
        assertThat(RiskLevel.fromCode(" absent ")).isEqualTo(RiskLevel.NO_APPARENT_RISK);
        MissingEpisodeNotice notice = MissingFixtures.report().riskLevel(RiskLevel.NO_APPARENT_RISK)
                .riskLevelAsSent("Absent").build();
        assertThat(notice.fields()).containsEntry(Fields.RISK_LEVEL, "NO_APPARENT_RISK")
                .containsEntry(Fields.RISK_LEVEL_AS_SENT, "ABSENT");
    }

    @Test
    void aGradeAsSentIsKeptOnlyForAMappedAbsent() {
        assertThat(violations(() -> MissingFixtures.report().riskLevelAsSent("HIGH").build()))
                .containsExactly(tuple(Fields.RISK_LEVEL_AS_SENT, Rules.RISK_AS_SENT));
        assertThat(violations(() -> MissingFixtures.report().riskLevel(RiskLevel.LOW).riskLevelAsSent("ABSENT")
                .build())).containsExactly(tuple(Fields.RISK_LEVEL_AS_SENT, Rules.RISK_AS_SENT));
    }

    @Test
    void codesAreReadInAnyCaseAndUnknownOnesNamed() {
        assertThat(MissingType.fromCode("a")).isEqualTo(MissingType.AWAY);
        assertThat(EpisodeUpdate.fromCode("risk_regraded")).isEqualTo(EpisodeUpdate.RISK_REGRADED);
        assertThat(ReportedBy.fromCode("FOSTER_CARER")).isEqualTo(ReportedBy.FOSTER_CARER);
        assertThat(FoundCondition.fromCode("injured")).isEqualTo(FoundCondition.INJURED);
        assertThat(PreventionInterview.fromCode("declined")).isEqualTo(PreventionInterview.DECLINED);
        assertThat(Referral.fromCode("s47")).isEqualTo(Referral.S47);
        assertThat(TaskEvent.fromCode("overdue")).isEqualTo(TaskEvent.OVERDUE);
        assertThatThrownBy(() -> MissingType.fromCode("X")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("M, A").extracting(e -> ((InvalidValueException) e).rule())
                .isEqualTo("missing-type.code");
        assertThatThrownBy(() -> RiskLevel.fromCode("SEVERE")).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("ABSENT").hasMessageNotContaining("SEVERE");
    }

    @Test
    void aFoundUpdateNeedsTheEnd() {
        assertThat(violations(() -> MissingFixtures.found().found(null).build()))
                .containsExactly(tuple(Fields.END, Rules.END_REQUIRED));
    }

    @Test
    void theEpisodeDoesNotEndBeforeItStarts() {
        assertThat(violations(() -> MissingFixtures.found().found(foundAt(START.minusMinutes(1))).build()))
                .containsExactly(tuple(Fields.END, Rules.END_BEFORE_START));
        assertThat(MissingFixtures.found().found(foundAt(START)).build().end()).contains(START.toInstant());
    }

    @Test
    void nothingHappensAfterTheUpdateThatReportsIt() {
        assertThat(violations(() -> MissingFixtures.report().updatedAt(START.minusSeconds(1)).build()))
                .containsExactly(tuple(Fields.START, Rules.START_AFTER_UPDATE));
        assertThat(violations(() -> MissingFixtures.found().updatedAt(END.minusSeconds(1)).build()))
                .containsExactly(tuple(Fields.END, Rules.END_AFTER_UPDATE),
                        tuple(Fields.SAFE_AND_WELL_CHECK, Rules.CHECK_AFTER_UPDATE));
    }

    @Test
    void theEpisodeStartsAfterBirthAndBeforeTheEighteenthBirthday() {
        ChildIdentity unborn = withDateOfBirth(START.toLocalDate().plusDays(1));
        assertThat(violations(() -> MissingFixtures.report().identity(unborn).build()))
                .containsExactly(tuple(Fields.START, Rules.START_BEFORE_BIRTH));
        ChildIdentity adult = withDateOfBirth(START.toLocalDate().minusYears(18));
        assertThat(violations(() -> MissingFixtures.report().identity(adult).build()))
                .containsExactly(tuple(Fields.START, Rules.START_ADULT));
        MissingFixtures.report().identity(withDateOfBirth(START.toLocalDate().minusYears(18).plusDays(1))).build();
    }

    private static ChildIdentity withDateOfBirth(LocalDate dob) {
        return new ChildIdentity(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("Jordan"),
                Optional.of("Fictionby"), Optional.of(dob), Optional.empty(), Optional.empty());
    }

    @Test
    void aReportCarriesOnlyTheGatewaysEpisodeIdAndAnUpdateNamesItsEpisode() {
        // a sender's report naming an episode is refused by the readers (golden case missing/refused-updates); the
        // record carries the id the gateway gave the report
        assertThat(MissingFixtures.report().build().withEpisodeId(MissingFixtures.EPISODE_ID).episodeId())
                .contains(MissingFixtures.EPISODE_ID);
        assertThat(violations(() -> MissingFixtures.found().episodeId(null).policeReference(null).build()))
                .containsExactly(tuple(Fields.EPISODE_ID, Rules.EPISODE_UNNAMED));
    }

    @Test
    void anUpdateMayNameItsEpisodeByEitherReference() {
        MissingEpisodeNotice byForce = MissingFixtures.found().episodeId(null).build();
        assertThat(byForce.episodeId()).isEmpty();
        MissingEpisodeNotice byReporter = MissingFixtures.found().byCouncil().episodeId(null).build();
        assertThat(byReporter.reporterReference()).isPresent();
        assertThat(byReporter.withEpisodeId(MissingFixtures.EPISODE_ID).episodeId()).contains(MissingFixtures.EPISODE_ID);
    }

    @Test
    void theEpisodeIdIsTheGatewaysShape() {
        assertThat(violations(() -> MissingFixtures.found().episodeId("12345").build()))
                .containsExactly(tuple(Fields.EPISODE_ID, Rules.EPISODE_ID_FORMAT));
    }

    @Test
    void aReportCarriesItsReportersReference() {
        assertThat(violations(() -> MissingFixtures.report().policeReference(null).build()))
                .containsExactly(tuple(Fields.POLICE_REFERENCE, Rules.REFERENCE_REQUIRED));
        assertThat(violations(() -> MissingFixtures.report().byCouncil().reporterReference(null).build()))
                .containsExactly(tuple(Fields.REPORTER_REFERENCE, Rules.REFERENCE_REQUIRED));
    }

    @Test
    void referencesAreShortAndPrintable() {
        assertThat(violations(() -> MissingFixtures.report().policeReference("GMP\n26").build()))
                .containsExactly(tuple(Fields.POLICE_REFERENCE, Rules.REFERENCE_FORMAT));
        assertThat(violations(() -> MissingFixtures.report().byCouncil().reporterReference("x".repeat(51)).build()))
                .containsExactly(tuple(Fields.REPORTER_REFERENCE, Rules.REFERENCE_FORMAT));
    }

    @Test
    void aPoliceReportNamesItsForceWhichIsTheSender() {
        assertThat(violations(() -> MissingFixtures.report().reportingForce(null).build()))
                .containsExactly(tuple(Fields.REPORTING_FORCE, Rules.REPORTING_FORCE_REQUIRED));
        assertThat(violations(() -> MissingFixtures.report().reportingForce("lancashire").build()))
                .containsExactly(tuple(Fields.REPORTING_FORCE, Rules.REPORTING_FORCE_SENDER));
    }

    @Test
    void aPoliceReferenceFromACouncilNamesTheForce() {
        assertThat(violations(() -> MissingFixtures.report().byCouncil().policeReference("GMP/26/1").build()))
                .containsExactly(tuple(Fields.REPORTING_FORCE, Rules.REPORTING_FORCE_REQUIRED));
        MissingFixtures.report().byCouncil().reportingForce("greater-manchester").policeReference("GMP/26/1").build();
    }

    @Test
    void theReporterFitsTheSender() {
        assertThat(violations(() -> MissingFixtures.report().reportedBy(ReportedBy.CHILDRENS_HOME)
                .reporterReference("HOME-1").build()))
                .contains(tuple(Fields.REPORTED_BY, Rules.REPORTED_BY_SENDER));
        assertThat(violations(() -> MissingFixtures.report().byCouncil().reportedBy(ReportedBy.POLICE)
                .reporterReference(null).reportingForce("greater-manchester").policeReference("GMP/26/1").build()))
                .containsExactly(tuple(Fields.REPORTED_BY, Rules.REPORTED_BY_SENDER));
        assertThat(violations(() -> MissingFixtures.report().byCouncil()
                .sender(Organisation.parseId("school:105123")).build()))
                .containsExactly(tuple(Fields.REPORTED_BY, Rules.REPORTED_BY_SENDER));
        MissingFixtures.report().byCouncil().reportedBy(ReportedBy.FOSTER_CARER).riskRationale(null).build();
    }

    @Test
    void aPoliceReportIsNotReferredToByAReporterReference() {
        assertThat(violations(() -> MissingFixtures.report().reporterReference("X-1").build()))
                .containsExactly(tuple(Fields.REPORTER_REFERENCE, Rules.REPORTER_REFERENCE_POLICE));
    }

    @Test
    void aRegradeAndAPoliceReportGiveTheGrade() {
        assertThat(violations(() -> MissingFixtures.report().riskLevel(null).build()))
                .containsExactly(tuple(Fields.RISK_LEVEL, Rules.RISK_REQUIRED));
        assertThat(violations(() -> MissingFixtures.report().update(EpisodeUpdate.RISK_REGRADED)
                .episodeId(MissingFixtures.EPISODE_ID).byCouncil().riskLevel(null).build()))
                .containsExactly(tuple(Fields.RISK_LEVEL, Rules.RISK_REQUIRED));
        assertThat(MissingFixtures.report().byCouncil().riskLevel(null).build().riskLevel()).isEmpty();
    }

    @Test
    void homesAndCarersDoNotGiveARiskRationale() {
        assertThat(violations(() -> MissingFixtures.report().byCouncil().reportedBy(ReportedBy.CHILDRENS_HOME)
                .build())).containsExactly(tuple(Fields.RISK_RATIONALE, Rules.RISK_RATIONALE_REPORTER));
    }

    @Test
    void aHostAuthorityIsForALookedAfterChildPlacedOutOfArea() {
        assertThat(violations(() -> MissingFixtures.report().hostAuthority("886").build()))
                .containsExactly(tuple(Fields.HOST_AUTHORITY, Rules.HOST_IS_PLACING));
        assertThat(violations(() -> MissingFixtures.report().lookedAfter(false).build()))
                .containsExactly(tuple(Fields.HOST_AUTHORITY, Rules.HOST_NOT_LOOKED_AFTER));
    }

    @Test
    void aLookedAfterChildNamesItsPlacingAuthority() {
        assertThat(violations(() -> MissingFixtures.report().placingAuthority(null).hostAuthority(null).build()))
                .containsExactly(tuple(Fields.CHILD_PLACING_AUTHORITY, Rules.PLACING_REQUIRED));
    }

    @Test
    void aChildMissingFromHomeHasAHomeArea() {
        assertThat(violations(() -> MissingFixtures.report().lookedAfter(false).placingAuthority(null)
                .hostAuthority(null).homePostcode(null).missingFromPostcode(null).build()))
                .containsExactly(tuple(Fields.CHILD_HOME_POSTCODE, Rules.HOME_REQUIRED));
        MissingEpisodeNotice fromHome = MissingFixtures.report().lookedAfter(false).placingAuthority(null)
                .hostAuthority(null).homePostcode(null).build();
        assertThat(fromHome.isLookedAfter()).isFalse();
        assertThat(fromHome.missingFromPostcode()).map(Postcode::value).contains("M13 9PL");
    }

    @Test
    void aChildIsIdentifiedByLocalIdOrByNameAndDateOfBirth() {
        assertThat(violations(() -> new ChildIdentity(Optional.empty(), Optional.of(NhsNumber.parse("9990000018")),
                Optional.empty(), Optional.of("Jordan"), Optional.of("Fictionby"), Optional.empty(), Optional.empty(),
                Optional.empty())))
                .containsExactly(tuple(ChildIdentity.Fields.CHILD, ChildIdentity.Rules.IDENTITY_REQUIRED));
        assertThat(ChildIdentity.ofLocalId("KCC-40211").localId()).contains("KCC-40211");
        assertThat(withDateOfBirth(MissingFixtures.DATE_OF_BIRTH).localId()).isEmpty();
    }

    @Test
    void theChildsIdsHaveTheirShapes() {
        assertThat(violations(() -> ChildIdentity.ofLocalId("KCC 40211")))
                .containsExactly(tuple(ChildIdentity.Fields.LOCAL_ID, ChildIdentity.Rules.LOCAL_ID_FORMAT));
        assertThat(violations(() -> new ChildIdentity(Optional.of("K1"), Optional.empty(), Optional.of(new Upn("UN2")),
                Optional.of("\u0000"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty())))
                .containsExactly(tuple(ChildIdentity.Fields.UPN, ChildIdentity.Rules.UPN_PLACEHOLDER),
                        tuple(ChildIdentity.Fields.GIVEN_NAME, FreeText.CONTROL_CHARACTER));
    }

    @Test
    void foundConditionsAreNotRepeated() {
        MissingEpisodeNotice.Found twice = null;
        assertThat(violations(() -> new MissingEpisodeNotice.Found(END, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(FoundCondition.INJURED, FoundCondition.INJURED), Optional.empty(),
                Optional.empty(), Optional.empty())))
                .containsExactly(tuple(Fields.FOUND_CONDITION, Rules.CONDITION_DUPLICATE));
        assertThat(twice).isNull();
    }

    @Test
    void thePreventionInterviewTimeIsForOneDoneAfterTheFind() {
        assertThat(violations(() -> new MissingEpisodeNotice.Found(END, Optional.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.of(PreventionInterview.DECLINED),
                Optional.of(END.minusHours(1)), Optional.empty())))
                .containsExactly(tuple(Fields.SAFE_AND_WELL_CHECK, Rules.CHECK_NOT_DONE),
                        tuple(Fields.SAFE_AND_WELL_CHECK, Rules.CHECK_BEFORE_END));
    }

    @Test
    void freeTextFollowsTheFreeTextRules() {
        assertThat(violations(() -> MissingFixtures.report().circumstances("left\u202Eat night").build()))
                .containsExactly(tuple(Fields.CIRCUMSTANCES, FreeText.BIDI_CONTROL));
        assertThat(violations(() -> MissingFixtures.report().philomena(new MissingEpisodeNotice.Philomena(
                Optional.of(" "), Optional.empty(), Optional.empty(), Optional.of("x".repeat(2001)))).build()))
                .containsExactly(tuple(Fields.PHILOMENA_DESCRIPTION, FreeText.EMPTY),
                        tuple(Fields.PHILOMENA_MEDICAL_NEEDS, FreeText.MAX_LENGTH));
        assertThat(violations(() -> MissingFixtures.notice().withStrategyDiscussionPrompt("x".repeat(201))))
                .containsExactly(tuple(Fields.STRATEGY_DISCUSSION_PROMPT, FreeText.MAX_LENGTH));
    }

    @Test
    void aPhilomenaFormMayBeHeldWithoutItsDetails() {
        MissingEpisodeNotice notice = MissingFixtures.report().philomena(MissingEpisodeNotice.Philomena.held())
                .build();
        assertThat(notice.fields()).containsEntry(Fields.PHILOMENA_FORM_HELD, "true")
                .doesNotContainKeys(Fields.PHILOMENA_DESCRIPTION, Fields.PHILOMENA_MEDICAL_NEEDS);
        assertThat(MissingFixtures.report().philomena(null).build().fields())
                .doesNotContainKey(Fields.PHILOMENA_FORM_HELD);
    }

    @Test
    void everyViolationIsReportedAtOnce() {
        assertThat(violations(() -> MissingFixtures.report().policeReference(null)
                .reportingForce(null).riskLevel(null).start(MissingFixtures.REPORTED_AT.plusHours(1)).build()))
                .containsExactly(
                        tuple(Fields.REPORTING_FORCE, Rules.REPORTING_FORCE_REQUIRED),
                        tuple(Fields.POLICE_REFERENCE, Rules.REFERENCE_REQUIRED),
                        tuple(Fields.START, Rules.START_AFTER_UPDATE),
                        tuple(Fields.RISK_LEVEL, Rules.RISK_REQUIRED));
    }

    @Test
    void theGatewayAddsTheHostAuthorityAndAPrompt() {
        MissingEpisodeNotice notice = MissingFixtures.report().hostAuthority(null).build()
                .withHostAuthority(new DfeLaCode("352")).withStrategyDiscussionPrompt("3 episodes in 30 days");
        assertThat(notice.hostAuthority()).map(DfeLaCode::value).contains("352");
        assertThat(notice.fields()).containsEntry(Fields.STRATEGY_DISCUSSION_PROMPT, "3 episodes in 30 days");
        assertThat(notice.idempotencyKey()).isEqualTo("missing:test");
    }

    @Test
    void whatTheGatewayAsksOfIt() {
        MissingEpisodeNotice notice = MissingFixtures.found().build();
        assertThat(notice.exchangeType()).isEqualTo(ExchangeType.MISSING_EPISODE);
        assertThat(notice.placingAuthority()).map(DfeLaCode::value).contains("886");
        assertThat(notice.foundAuthority()).map(DfeLaCode::value).contains("888");
        assertThat(notice.schoolUrn()).map(SchoolUrn::value).contains("105123");
        assertThat(notice.childHomePostcode()).map(Postcode::value).contains("ME14 2LP");
        assertThat(notice.end()).contains(END.toInstant());
        assertThat(notice.riskLevel()).contains(RiskLevel.HIGH);
        assertThat(MissingFixtures.notice().end()).isEmpty();
    }

    @Test
    void printedByMistakeItShowsIdentifiersButNoPersonalData() {
        MissingEpisodeNotice notice = MissingFixtures.found().build();
        for (Object part : List.of(notice, notice.child(), notice.child().identity(), notice.episode(),
                notice.found().orElseThrow(), notice.philomena().orElseThrow())) {
            assertThat(part.toString()).doesNotContain(MissingFixtures.GIVEN_NAME, MissingFixtures.FAMILY_NAME,
                    MissingFixtures.LOCAL_ID, MissingFixtures.NHS_NUMBER, "2011-05-14", "M13", "Preston", "asthma",
                    "county lines");
        }
        assertThat(notice.toString()).contains("bx-me-0001", "police:greater-manchester", "FOUND",
                MissingFixtures.EPISODE_ID);
    }
}

package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.bridgeway.model.MissingEpisodeNoticeTest.violations;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.bridgeway.model.ReturnInterviewOutcomeNotice.Fields;
import org.bridgeway.model.ReturnInterviewOutcomeNotice.Rules;
import org.junit.jupiter.api.Test;

class ReturnInterviewOutcomeNoticeTest {
    private static final Instant START = MissingFixtures.START.toInstant();
    private static final Instant END = MissingFixtures.END.toInstant();

    private static ReturnInterviewOutcomeNotice withEpisode(ReturnInterviewOutcomeNotice notice) {
        return notice.withEpisode(Optional.of(new PoliceForceCode("greater-manchester")),
                Optional.of(new DfeLaCode("352")), Optional.of(new DfeLaCode("888")),
                Optional.of(MissingFixtures.POLICE_REFERENCE), START, END);
    }

    @Test
    void withTheEpisodeRecordItCarriesEveryNameOfTheCatalogueButTheNotHeldReason() {
        ReturnInterviewOutcomeNotice notice = withEpisode(MissingFixtures.outcome().build());
        assertThat(notice.fields().keySet()).containsExactlyElementsOf(ExchangeType.RETURN_INTERVIEW_OUTCOME.fields()
                .stream().filter(f -> !f.equals(Fields.NOT_HELD_REASON) && !f.equals(Fields.TYPE)).toList());
        assertThat(Fields.ALL).isSameAs(ExchangeType.RETURN_INTERVIEW_OUTCOME.fields());
    }

    @Test
    void whatTheGatewayKnowsOfTheEpisodeIsNotTakenFromTheSender() {
        ReturnInterviewOutcomeNotice sent = MissingFixtures.outcome().build();
        assertThat(sent.fields()).doesNotContainKeys(Fields.REPORTING_FORCE, Fields.HOST_AUTHORITY,
                Fields.FOUND_AUTHORITY, Fields.POLICE_REFERENCE, Fields.START, Fields.END, Fields.WITHIN_72_HOURS);
        assertThat(withEpisode(sent).fields())
                .containsEntry(Fields.REPORTING_FORCE, "greater-manchester")
                .containsEntry(Fields.HOST_AUTHORITY, "352")
                .containsEntry(Fields.FOUND_AUTHORITY, "888")
                .containsEntry(Fields.END, "2026-03-03T09:15:00Z")
                .containsEntry(Fields.DATE, "2026-03-05T11:00:00Z")
                .containsEntry(Fields.REFERRALS, "NRM,CAMHS")
                .containsEntry(Fields.OFFERED, "true");
    }

    @Test
    void within72HoursIsCountedFromTheReturnInTheEpisodeRecord() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.heldAt = MissingFixtures.END.plus(Duration.ofHours(72));
        assertThat(withEpisode(b.build()).fields()).containsEntry(Fields.WITHIN_72_HOURS, "true");
        b.heldAt = MissingFixtures.END.plus(Duration.ofHours(72)).plusMinutes(1);
        assertThat(withEpisode(b.build()).heldWithin72Hours()).contains(false);
        assertThat(withEpisode(MissingFixtures.outcome().notHeld("declined").build()).heldWithin72Hours())
                .contains(false);
        assertThat(b.build().heldWithin72Hours()).isEmpty();
    }

    @Test
    void anInterviewIsNotHeldBeforeTheReturn() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.heldAt = MissingFixtures.END.minusHours(1);
        b.offeredDate = LocalDate.of(2026, 2, 27);
        assertThat(violations(() -> withEpisode(b.build())))
                .containsExactly(tuple(Fields.OFFERED_DATE, Rules.OFFERED_BEFORE_RETURN),
                        tuple(Fields.DATE, Rules.HELD_BEFORE_RETURN));
    }

    @Test
    void anInterviewNotOfferedWasNeitherAcceptedNorHeld() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.offered = false;
        assertThat(violations(b::build)).containsExactly(
                tuple(Fields.OFFERED_DATE, Rules.OFFERED_DATE_NOT_OFFERED),
                tuple(Fields.ACCEPTED, Rules.ACCEPTED_NOT_OFFERED),
                tuple(Fields.DATE, Rules.HELD_NOT_OFFERED));
    }

    @Test
    void aDeclinedInterviewWasNotHeld() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.accepted = false;
        assertThat(violations(b::build)).containsExactly(tuple(Fields.DATE, Rules.HELD_DECLINED));
    }

    @Test
    void anInterviewIsHeldOnOrAfterItsOffer() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.offeredDate = LocalDate.of(2026, 3, 6);
        assertThat(violations(b::build)).containsExactly(tuple(Fields.DATE, Rules.HELD_BEFORE_OFFER));
    }

    @Test
    void anInterviewNotHeldSaysWhyAndOneHeldSaysWhoHeldIt() {
        MissingFixtures.OutcomeBuilder notHeld = MissingFixtures.outcome().notHeld(null);
        assertThat(violations(notHeld::build))
                .containsExactly(tuple(Fields.NOT_HELD_REASON, Rules.NOT_HELD_REASON_REQUIRED));
        MissingFixtures.OutcomeBuilder held = MissingFixtures.outcome();
        held.notHeldReason = "declined";
        held.completedBy = null;
        assertThat(violations(held::build)).containsExactly(
                tuple(Fields.NOT_HELD_REASON, Rules.NOT_HELD_REASON_HELD),
                tuple(Fields.COMPLETED_BY, Rules.COMPLETED_BY_REQUIRED));
    }

    @Test
    void theChildsOwnAccountComesFromAnInterviewThatWasHeld() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome().notHeld("not contactable");
        b.whereabouts = "Preston";
        b.harmDisclosed = true;
        b.childView = "wants to go home";
        assertThat(violations(b::build)).containsExactly(
                tuple(Fields.WHEREABOUTS, Rules.ACCOUNT_NOT_HELD),
                tuple(Fields.HARM_DISCLOSED, Rules.ACCOUNT_NOT_HELD),
                tuple(Fields.CHILD_VIEW, Rules.ACCOUNT_NOT_HELD));
        MissingFixtures.OutcomeBuilder concernsAnyway = MissingFixtures.outcome().notHeld("declined");
        assertThat(concernsAnyway.build().interview().referrals()).containsExactly(Referral.NRM, Referral.CAMHS);
    }

    @Test
    void referralsAreNotRepeated() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.referrals = List.of(Referral.S47, Referral.S47);
        assertThat(violations(b::build)).containsExactly(tuple(Fields.REFERRALS, Rules.REFERRALS_DUPLICATE));
    }

    @Test
    void freeTextFollowsTheFreeTextRules() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.completedBy = "x".repeat(201);
        b.actions = "call\u0007back";
        assertThat(violations(b::build)).containsExactly(
                tuple(Fields.ACTIONS, FreeText.CONTROL_CHARACTER),
                tuple(Fields.COMPLETED_BY, FreeText.MAX_LENGTH));
    }

    @Test
    void theIdsAreTheGateways() {
        MissingFixtures.OutcomeBuilder b = MissingFixtures.outcome();
        b.episodeId = "GMP/26/004417";
        b.taskId = "task id with spaces";
        assertThat(violations(b::build)).containsExactly(
                tuple(Fields.EPISODE_ID, MissingEpisodeNotice.Rules.EPISODE_ID_FORMAT),
                tuple(Fields.TASK_ID, Rules.TASK_ID_FORMAT));
    }

    @Test
    void printedByMistakeItShowsIdentifiersButNoPersonalData() {
        ReturnInterviewOutcomeNotice notice = withEpisode(MissingFixtures.outcome().build());
        for (Object part : List.of(notice, notice.interview(), notice.child())) {
            assertThat(part.toString()).doesNotContain(MissingFixtures.GIVEN_NAME, MissingFixtures.LOCAL_ID,
                    "Preston", "package", "NYAS");
        }
        assertThat(notice.toString()).contains("bx-rio-0001", MissingFixtures.EPISODE_ID, "local-authority:886");
        assertThat(notice.exchangeType()).isEqualTo(ExchangeType.RETURN_INTERVIEW_OUTCOME);
        assertThat(OffsetDateTime.parse(notice.fields().get(Fields.DATE))).isNotNull();
    }
}

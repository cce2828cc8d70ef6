package org.bridgeway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.bridgeway.model.MissingEpisodeNoticeTest.violations;

import java.util.List;
import java.util.Optional;
import org.bridgeway.model.ReturnInterviewTaskNotice.Fields;
import org.bridgeway.model.ReturnInterviewTaskNotice.Rules;
import org.junit.jupiter.api.Test;

class ReturnInterviewTaskNoticeTest {

    private static ReturnInterviewTaskNotice task(Organisation sender, String taskId, String episodeId,
                                                  java.time.Instant dueAt, String contact) {
        ReturnInterviewTaskNotice t = MissingFixtures.overdueTask();
        return new ReturnInterviewTaskNotice(t.exchangeId(), t.idempotencyKey(), sender, taskId, t.event(), dueAt,
                t.owner(), t.responsibleAuthority(), Optional.ofNullable(contact), episodeId, t.policeReference(),
                t.reportingForce(), t.episodeEnd(), t.childLocalId());
    }

    @Test
    void carriesEveryNameOfItsCatalogueInOrderAndTheEventIsAPolicyFact() {
        ReturnInterviewTaskNotice notice = MissingFixtures.overdueTask();
        assertThat(List.copyOf(notice.fields().keySet())).isEqualTo(ExchangeType.RETURN_INTERVIEW_TASK.fields());
        assertThat(notice.fields()).containsEntry(Fields.EVENT, "OVERDUE")
                .containsEntry(Fields.OWNER, "local-authority:886")
                .containsEntry(Fields.DUE_AT, "2026-03-06T09:15:00Z");
        assertThat(ExchangeType.RETURN_INTERVIEW_TASK.policyFacts()).containsExactly(Fields.EVENT);
        assertThat(ExchangeType.fromSlug("return-interview-task")).contains(ExchangeType.RETURN_INTERVIEW_TASK);
    }

    @Test
    void itIsSentOnBehalfOfTheResponsibleAuthority() {
        ReturnInterviewTaskNotice t = MissingFixtures.overdueTask();
        assertThat(violations(() -> task(MissingFixtures.HOST_LA, t.taskId(), t.episodeId(), t.dueAt(), null)))
                .containsExactly(tuple(Fields.RESPONSIBLE_AUTHORITY, Rules.SENDER));
        assertThat(violations(() -> task(MissingFixtures.FORCE, t.taskId(), t.episodeId(), t.dueAt(), null)))
                .containsExactly(tuple(Fields.RESPONSIBLE_AUTHORITY, Rules.SENDER));
    }

    @Test
    void itIsDueAfterTheReturnAndItsIdsAndTextHaveTheirShapes() {
        ReturnInterviewTaskNotice t = MissingFixtures.overdueTask();
        assertThat(violations(() -> task(t.sender(), "bad id", "ME-", t.episodeEnd().minusSeconds(1), "\u202E")))
                .containsExactly(
                        tuple(Fields.TASK_ID, ReturnInterviewOutcomeNotice.Rules.TASK_ID_FORMAT),
                        tuple(Fields.EPISODE_ID, MissingEpisodeNotice.Rules.EPISODE_ID_FORMAT),
                        tuple(Fields.DUE_AT, Rules.DUE_BEFORE_RETURN),
                        tuple(Fields.ESCALATION_CONTACT, FreeText.BIDI_CONTROL));
    }

    @Test
    void printedByMistakeItShowsIdentifiersOnly() {
        ReturnInterviewTaskNotice t = MissingFixtures.overdueTask();
        assertThat(t.toString()).contains(t.taskId(), "OVERDUE", MissingFixtures.EPISODE_ID)
                .doesNotContain(MissingFixtures.LOCAL_ID, "03000");
    }
}

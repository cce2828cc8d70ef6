package org.bridgeway.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.Referral;
import org.bridgeway.workflow.ReturnInterviewTask;
import org.junit.jupiter.api.Test;

/**
 * The return home interview form is read as the API reads its document: each error beside the field it is about,
 * the episode, task and authority from the task and never from the form, the held time as England's.
 */
class InterviewFormErrorsBesideTheirFieldsTest {
    private static final Organisation KENT = Organisation.parseId("local-authority:886");
    private static final Instant RETURNED = Instant.parse("2026-10-04T13:40:00Z");
    private static final ReturnInterviewTask TASK = new ReturnInterviewTask("RT-1", "ME-0001",
            new DfeLaCode("886"), Optional.of(new DfeLaCode("352")), KENT, RETURNED,
            RETURNED.plusSeconds(72 * 3600), ReturnInterviewTask.OPEN, Optional.empty(), RETURNED);
    private static final ConsolePerson COORDINATOR = new ConsolePerson("3f6c0d0e-0000-4000-8000-000000000002",
            "dana.price", "Dana Price", KENT, Optional.empty(), Set.of(ConsoleRole.MISSING_PERSON_COORDINATOR),
            "id-token");

    private static Map<String, String> held() {
        Map<String, String> form = new HashMap<>();
        form.put("child.localId", "KT40211");
        form.put("interview.offered", "yes");
        form.put("interview.offeredDate", "2026-10-05");
        form.put("interview.accepted", "yes");
        form.put("interview.date", "2026-10-06");
        form.put("interview.time", "10:30");
        form.put("interview.completedBy", "Return interview worker, Kent");
        form.put("interview.referrals", "NRM,CAMHS");
        return form;
    }

    private static MissingBoard.Result read(Map<String, String> form) {
        return MissingBoard.read(TASK, form, COORDINATOR, Instant.parse("2026-12-04T12:00:00Z"), () -> "X-1");
    }

    private static List<String> fieldsInError(Map<String, String> form) {
        MissingBoard.Result result = read(form);
        assertThat(result).as(result.toString()).isInstanceOf(MissingBoard.Result.Invalid.class);
        return ((MissingBoard.Result.Invalid) result).errors().stream().map(MissingBoard.FieldError::field).toList();
    }

    @Test
    void aHeldInterviewIsReadWithItsEpisodeTaskAndAuthorityFromTheTask() {
        Map<String, String> form = held();
        form.put("episode.id", "ME-SOMEONE-ELSES"); // not a form field: never read
        MissingBoard.Result result = read(form);
        assertThat(result).as(result.toString()).isInstanceOf(MissingBoard.Result.Read.class);
        var outcome = ((MissingBoard.Result.Read) result).outcome();
        assertThat(outcome.episodeId()).isEqualTo("ME-0001");
        assertThat(outcome.taskId()).contains("RT-1");
        assertThat(outcome.sender()).isEqualTo(KENT);
        assertThat(outcome.interview().heldAt()).map(Object::toString).contains("2026-10-06T10:30+01:00");
        assertThat(outcome.interview().referrals()).containsExactly(Referral.NRM, Referral.CAMHS);
    }

    @Test
    void whoHeldItIsAskedBesideItsField() {
        Map<String, String> form = held();
        form.remove("interview.completedBy");
        assertThat(fieldsInError(form)).containsExactly("interview.completedBy");
    }

    @Test
    void aDayWithoutATimeIsAskedForBoth() {
        Map<String, String> form = held();
        form.remove("interview.time");
        assertThat(fieldsInError(form)).containsExactly("interview.date");
    }

    @Test
    void anInterviewNotHeldNeedsItsReasonAndTakesNoAccountOfTheChild() {
        Map<String, String> form = held();
        form.remove("interview.date");
        form.remove("interview.time");
        form.put("interview.accepted", "no");
        form.put("interview.whereabouts", "Stayed at a flat");
        assertThat(fieldsInError(form)).contains("interview.notHeldReason");
    }

    @Test
    void anUnansweredOfferAndAChildNotNamedAreEachBesideTheirField() {
        Map<String, String> form = held();
        form.remove("interview.offered");
        form.remove("child.localId");
        assertThat(fieldsInError(form)).contains("interview.offered", "child.localId");
    }

    @Test
    void aDocumentFieldIsTheFormFieldItBelongsTo() {
        assertThat(MissingBoard.formField("/interview/completedBy")).isEqualTo("interview.completedBy");
        assertThat(MissingBoard.formField("interview.referrals[2]")).isEqualTo("interview.referrals");
        assertThat(MissingBoard.formField("child")).isEqualTo("child.localId");
        assertThat(MissingBoard.formField("episode.id")).isEqualTo("interview.offered");
    }
}

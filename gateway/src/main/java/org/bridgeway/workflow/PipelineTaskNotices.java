package org.bridgeway.workflow;

import java.util.Optional;
import java.util.function.Function;
import org.bridgeway.model.Notice;
import org.bridgeway.model.PoliceForceCode;
import org.bridgeway.model.ReturnInterviewTaskNotice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.LocalAuthority;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.TimeOrderedIds;

/**
 * Raises a timer's return-interview-task notice down the one notice pipeline, sent on behalf of the responsible
 * authority, with the escalation contact the deadline data names now. The pipeline decides, minimises, audits and
 * delivers it like any notice; the timer's own idempotency key makes a second raising a duplicate.
 */
public final class PipelineTaskNotices implements TaskNotices {
    private final Function<Notice, Dispatch> pipeline;
    private final ReferenceData reference;
    private final ReturnInterviewDeadlines deadlines;

    /** @param pipeline sends a notice down {@code direct:notice} and returns its dispatch once accepted */
    public PipelineTaskNotices(Function<Notice, Dispatch> pipeline, ReferenceData reference,
                               ReturnInterviewDeadlines deadlines) {
        this.pipeline = pipeline;
        this.reference = reference;
        this.deadlines = deadlines;
    }

    @Override
    public String raise(TaskFiring f) {
        LocalAuthority responsible = reference.localAuthority(f.responsibleAuthority()).orElseThrow(() ->
                new IllegalStateException("responsible authority " + f.responsibleAuthority()
                        + " of task " + f.taskId() + " is not in the reference data"));
        ReturnInterviewTaskNotice notice = new ReturnInterviewTaskNotice(TimeOrderedIds.next(), f.idempotencyKey(),
                responsible.organisation(), f.taskId(), f.event(), f.dueAt(), f.owner(), f.responsibleAuthority(),
                Optional.of(deadlines.forAuthority(f.responsibleAuthority()).escalationContact()), f.episodeId(),
                f.policeReference(), f.reportingForce().map(PoliceForceCode::parse), f.returnedAt(),
                f.childLocalId());
        return pipeline.apply(notice).exchangeId();
    }
}

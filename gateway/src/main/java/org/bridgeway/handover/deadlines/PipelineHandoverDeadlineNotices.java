package org.bridgeway.handover.deadlines;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bridgeway.directory.AuthorityDirectory;
import org.bridgeway.model.CustodyHandoverNotice;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.HandoverDeadlineEvent;
import org.bridgeway.model.HandoverDeadlineNotice;
import org.bridgeway.model.Notice;
import org.bridgeway.pipeline.Dispatch;
import org.bridgeway.reference.PoliceForce;
import org.bridgeway.reference.ReferenceData;
import org.bridgeway.store.TimeOrderedIds;

/**
 * Raises a handover timer's custody-handover-deadline notice down the one notice pipeline, on behalf of the requesting
 * force, with the escalation contacts the directory names now and the prompt for what each recipient is to do. The
 * pipeline decides, minimises, audits and delivers it like any notice; the timer's own idempotency key makes a
 * second raising a duplicate.
 */
public final class PipelineHandoverDeadlineNotices implements HandoverDeadlineNotices {
    private final Function<Notice, Dispatch> pipeline;
    private final ReferenceData reference;
    private final AuthorityDirectory directory;

    /** @param pipeline sends a notice down {@code direct:notice} and returns its dispatch once accepted */
    public PipelineHandoverDeadlineNotices(Function<Notice, Dispatch> pipeline, ReferenceData reference,
                                           AuthorityDirectory directory) {
        this.pipeline = pipeline;
        this.reference = reference;
        this.directory = directory;
    }

    @Override
    public String raise(HandoverFiring f) {
        PoliceForce force = reference.policeForce(f.force()).orElseThrow(() -> new IllegalStateException(
                "force " + f.force().value() + " of handover " + f.handoverId() + " is not in the reference data"));
        HandoverDeadlineNotice notice = new HandoverDeadlineNotice(TimeOrderedIds.next(), f.idempotencyKey(),
                force.organisation(), f.handoverId(), f.event(), f.authority(), f.dueAt(), f.force(),
                f.custodyReference(), f.suiteAuthority(), f.responsibleAuthority(), escalationContacts(f),
                prompt(f.event()));
        return pipeline.apply(notice).exchangeId();
    }

    /** The escalation contacts of the authorities an overdue deadline escalates to, from the directory. */
    private Optional<String> escalationContacts(HandoverFiring f) {
        if (!f.event().overdue()) {
            return Optional.empty();
        }
        List<DfeLaCode> escalated = f.authority().map(List::of).orElseGet(() -> asked(f));
        return Optional.of(escalated.stream().map(code -> directory.of(code).map(e -> e.name() + " (" + code.value()
                        + "): " + e.escalation().role() + ", " + e.escalation().phone())
                        .orElse(code.value() + ": no directory entry"))
                .collect(Collectors.joining("; ")));
    }

    private static List<DfeLaCode> asked(HandoverFiring f) {
        return CustodyHandoverNotice.askedAuthorities(f.suiteAuthority(), f.responsibleAuthority());
    }

    /** What the notice asks of its recipients; the same words for every handover (no personal data). */
    static String prompt(HandoverDeadlineEvent event) {
        return switch (event) {
            case ACKNOWLEDGEMENT_REMINDER -> "Acknowledge the custody transfer request: the acknowledgement is due"
                    + " at deadline.dueAt.";
            case ACKNOWLEDGEMENT_OVERDUE -> "The custody transfer request has not been acknowledged by this"
                    + " authority in time: make sure its emergency duty team has it and answers.";
            case ANSWER_REMINDER -> "Nobody has accepted the custody transfer request yet: the answer is due at"
                    + " deadline.dueAt. Every answer accepts (Children Act 1989 s.21(2)(b)).";
            case ANSWER_OVERDUE -> "Nobody has accepted the transfer by the answer deadline. Custody officer: the"
                    + " PACE s.38(7) certificate workflow opens; consider whether transfer is impracticable."
                    + " Authorities: accept now.";
            case COLLECTION_REMINDER -> "The child is to be collected from custody by deadline.dueAt.";
            case COLLECTION_OVERDUE -> "The child has not been collected by the deadline. Custody officer: the PACE"
                    + " s.38(7) certificate workflow opens. Owning authority: collect now.";
        };
    }
}

package org.bridgeway.workflow;

import java.util.Optional;
import org.bridgeway.model.ReturnInterviewOutcomeNotice;

/**
 * Whether a return interview outcome, valid in itself, may be taken: the gateway must have the episode and its task,
 * a task id given must be that task's, the sender must hold the task (or be responsible for it), and a completed task
 * takes no other outcome (the same outcome sent again goes on, to be answered as a duplicate). The one rule for every
 * way an outcome arrives: the JSON API and the console's form.
 */
public final class ReturnInterviewOutcomeAdmission {
    /** Why an outcome is not taken: an HTTP status, its title, the explanation, and the rule when one is named. */
    public record Refusal(int status, String title, String message, Optional<String> rule) {
    }

    private final JdbcReturnInterviewTasks tasks;
    private final EpisodeRecords episodes;

    public ReturnInterviewOutcomeAdmission(JdbcReturnInterviewTasks tasks, EpisodeRecords episodes) {
        this.tasks = tasks;
        this.episodes = episodes;
    }

    /** Empty when the outcome may go on down the pipeline. */
    public Optional<Refusal> refusalOf(ReturnInterviewOutcomeNotice outcome) {
        Optional<ReturnInterviewTask> task = tasks.byEpisode(outcome.episodeId());
        if (task.isEmpty() || episodes.recordOf(outcome.episodeId()).isEmpty()) {
            return Optional.of(new Refusal(404, "Not found", "the gateway has no return interview task for episode "
                    + outcome.episodeId(), Optional.of("episode.id.unknown")));
        }
        if (outcome.taskId().isPresent() && !outcome.taskId().get().equals(task.get().taskId())) {
            return Optional.of(new Refusal(404, "Not found", "episode " + outcome.episodeId() + " has no task "
                    + outcome.taskId().get(), Optional.of("interview.taskId.unknown")));
        }
        if (!task.get().heldBy(outcome.sender())) {
            return Optional.of(new Refusal(403, "Forbidden", "the return interview task " + task.get().taskId()
                    + " is held by " + task.get().owner().id() + " for authority " + task.get().responsibleAuthority()
                    + "; only they report its outcome", Optional.empty()));
        }
        if (!task.get().open() && !tasks.completedBy(task.get().taskId(), outcome.idempotencyKey())) {
            return Optional.of(new Refusal(409, "Conflict", "the return interview task " + task.get().taskId()
                    + " is completed by another outcome", Optional.of("task.completed")));
        }
        return Optional.empty();
    }
}

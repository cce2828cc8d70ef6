package org.bridgeway.workflow;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.bridgeway.model.DfeLaCode;
import org.bridgeway.model.Organisation;
import org.bridgeway.model.TaskEvent;

/**
 * One timer firing: what its return-interview-task notice says, read from the task at the moment it fires (so a
 * reminder after a reassignment goes to the new holder).
 *
 * @param dueAt          when the task is due
 * @param firesAt        when this timer was due to fire
 * @param idempotencyKey the notice's key, one per timer: the same timer fired twice (a crash between the notice's
 *                       acceptance and the timer being marked fired) is a duplicate the pipeline does not deliver
 */
public record TaskFiring(String taskId, TaskEvent event, String timerId, Instant firesAt, Instant dueAt,
                         Organisation owner,
                         DfeLaCode responsibleAuthority, Optional<DfeLaCode> hostAuthority,
                         String episodeId,
                         Optional<String> policeReference, Optional<String> reportingForce, Instant returnedAt,
                         Optional<String> childLocalId, String idempotencyKey) {
    public TaskFiring {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    @Override
    public String toString() {
        return "TaskFiring[" + taskId + " " + event + " timer " + timerId + "]";
    }
}

package org.bridgeway.workflow;

/**
 * What a return home interview task's notice tells (the {@code task.event} of a return-interview-task notice), and
 * the kind of the timer that raises it: every event is raised by a timer row, so that it is raised once, after the
 * notice it follows from has been accepted, and survives a restart.
 */
public enum TaskEvent {
    /** The task opened: due at once. */
    OPENED,
    /** A reminder before the deadline, as the deadline data says. */
    REMINDER,
    /** The deadline passed without an outcome: the escalation, and the host authority is told. */
    OVERDUE,
    /** The responsible authority handed the task to another authority, which holds it from now on. */
    REASSIGNED,
    /** The outcome was accepted: the task is done and its pending timers are cancelled. */
    COMPLETED;

    /** Whether a completed task still raises it: only its completion, and a reassignment made before it. */
    boolean cancelledByCompletion() {
        return this == OPENED || this == REMINDER || this == OVERDUE;
    }
}

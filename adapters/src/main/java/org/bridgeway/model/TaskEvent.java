package org.bridgeway.model;

/**
 * What happened to a return home interview task: opened when the child was found, a reminder before its deadline,
 * overdue at the deadline, handed to another organisation, or completed by an outcome.
 */
public enum TaskEvent {
    OPENED, REMINDER, OVERDUE, REASSIGNED, COMPLETED;

    public String code() {
        return name();
    }

    public static TaskEvent fromCode(String text) {
        return Codes.parse(values(), text, "task-event.code", "the task event");
    }
}

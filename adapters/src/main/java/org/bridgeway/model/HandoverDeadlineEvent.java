package org.bridgeway.model;

/**
 * What a custody handover's deadline timer tells: a reminder before a step is due, or that it is overdue. The
 * acknowledgement and collection events concern one authority (the one to acknowledge, the owner); the answer events
 * every asked authority.
 */
public enum HandoverDeadlineEvent {
    ACKNOWLEDGEMENT_REMINDER(true, false),
    ACKNOWLEDGEMENT_OVERDUE(true, true),
    ANSWER_REMINDER(false, false),
    ANSWER_OVERDUE(false, true),
    COLLECTION_REMINDER(true, false),
    COLLECTION_OVERDUE(true, true);

    private final boolean concernsOneAuthority;
    private final boolean overdue;

    HandoverDeadlineEvent(boolean concernsOneAuthority, boolean overdue) {
        this.concernsOneAuthority = concernsOneAuthority;
        this.overdue = overdue;
    }

    /** True when the event names the one authority it concerns ({@code deadline.authority}). */
    public boolean concernsOneAuthority() {
        return concernsOneAuthority;
    }

    /** True at a missed deadline (an escalation), false for a reminder before it. */
    public boolean overdue() {
        return overdue;
    }

    public String code() {
        return name();
    }

    public static HandoverDeadlineEvent fromCode(String text) {
        return Codes.parse(values(), text, "deadline-event.code", "the handover deadline event");
    }
}

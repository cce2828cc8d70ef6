package org.bridgeway.model;

/**
 * A value that breaks a rule of its type. Carries the rule's stable id so that an error report can name it
 * (for example {@code nhs-number.check-digit}) and a message safe to log: it never repeats the rejected value.
 */
public class InvalidValueException extends IllegalArgumentException {
    private final String rule;

    public InvalidValueException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}

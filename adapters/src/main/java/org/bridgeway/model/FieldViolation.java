package org.bridgeway.model;

import java.util.Objects;

/**
 * One broken rule of one field of a notice.
 *
 * @param field   the canonical dotted field name, e.g. {@code child.upn}
 * @param rule    the stable id of the rule, e.g. {@code upn.check-letter}
 * @param message what is wrong, in words; never repeats the rejected value
 */
public record FieldViolation(String field, String rule, String message) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }

    /** The violation a value type reported, attributed to the field that held the value. */
    public static FieldViolation of(String field, InvalidValueException e) {
        return new FieldViolation(field, e.rule(), e.getMessage());
    }
}

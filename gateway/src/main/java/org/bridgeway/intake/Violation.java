package org.bridgeway.intake;

import org.bridgeway.model.FieldViolation;

/** One thing wrong with a submitted document: the field (canonical dotted name), the rule broken, and why. */
public record Violation(String field, String rule, String message) {
    /** A violation the adapters found. */
    public static Violation of(FieldViolation v) {
        return new Violation(v.field(), v.rule(), v.message());
    }
}

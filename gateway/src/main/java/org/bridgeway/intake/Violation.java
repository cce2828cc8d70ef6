package org.bridgeway.intake;

/** One thing wrong with a submitted document: the field (canonical dotted name), the rule broken, and why. */
public record Violation(String field, String rule, String message) {
}

package org.bridgeway.model;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A notice, or part of one, that breaks its rules. Lists every violation found, not just the first; the message
 * names fields and rules only, so it is safe to log.
 */
public class InvalidNoticeException extends IllegalArgumentException {
    private final List<FieldViolation> violations;

    public InvalidNoticeException(List<FieldViolation> violations) {
        super("invalid notice: " + violations.stream().map(v -> v.field() + " (" + v.rule() + ")")
                .collect(Collectors.joining(", ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid notice has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    /** Throws when there is anything to report. */
    static void throwIfAny(List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            throw new InvalidNoticeException(violations);
        }
    }
}

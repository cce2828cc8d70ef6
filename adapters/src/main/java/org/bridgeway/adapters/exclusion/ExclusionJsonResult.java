package org.bridgeway.adapters.exclusion;

import java.util.List;
import org.bridgeway.model.ExclusionNotice;
import org.bridgeway.model.FieldViolation;

/** A JSON exclusion notice either became a notice or was refused with every violation found. */
public sealed interface ExclusionJsonResult {
    record Accepted(ExclusionNotice notice) implements ExclusionJsonResult {
    }

    /** Violations of the body as a whole name the field {@code $}. */
    record Refused(List<FieldViolation> violations) implements ExclusionJsonResult {
        public Refused {
            violations = List.copyOf(violations);
        }
    }
}

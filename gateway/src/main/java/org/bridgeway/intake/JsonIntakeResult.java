package org.bridgeway.intake;

import java.util.List;
import org.bridgeway.model.Notice;

/** A JSON submission either became a notice or was refused with every violation found. */
public sealed interface JsonIntakeResult {
    record Accepted(Notice notice) implements JsonIntakeResult {
    }

    record Refused(List<Violation> violations) implements JsonIntakeResult {
    }
}

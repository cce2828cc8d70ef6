package org.bridgeway.intake;

import java.util.List;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.Notice;

/** A JSON submission either became a notice or was refused with every violation found. */
public sealed interface JsonIntakeResult {
    record Accepted(Notice notice) implements JsonIntakeResult {
    }

    record Refused(List<Violation> violations) implements JsonIntakeResult {
        /** The body was refused unread for its size: an endpoint answers 413, not 400. */
        public boolean tooLarge() {
            return violations.size() == 1 && JsonBodyReader.TOO_LARGE.equals(violations.get(0).rule());
        }
    }
}

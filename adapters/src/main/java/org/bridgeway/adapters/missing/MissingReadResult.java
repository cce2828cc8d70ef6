package org.bridgeway.adapters.missing;

import java.util.Comparator;
import java.util.List;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.Notice;

/** One notice read: accepted, or refused with every violation found (in catalogue order of their fields). */
public sealed interface MissingReadResult<N extends Notice> {
    record Accepted<N extends Notice>(N notice) implements MissingReadResult<N> {
    }

    /** Violations of a JSON body as a whole name the field {@code $}. */
    record Refused<N extends Notice>(List<FieldViolation> violations) implements MissingReadResult<N> {
        public Refused {
            violations = List.copyOf(violations);
        }
    }

    /**
     * Refused with these violations, each once, in catalogue order of their fields; fields outside the catalogue
     * (groups, unknown members, the whole body) last, in the order found.
     */
    public static <N extends Notice> Refused<N> refused(List<FieldViolation> violations, List<String> catalogue) {
        return new Refused<>(violations.stream().distinct().sorted(Comparator.comparingInt(v -> {
            int i = catalogue.indexOf(v.field());
            return i < 0 ? Integer.MAX_VALUE : i;
        })).toList());
    }
}

package org.bridgeway.adapters.exclusion;

import java.util.List;
import org.bridgeway.model.ExclusionNotice;

/**
 * The outcome of reading one XML document of exclusion notices.
 *
 * @param notices one notice per valid record, in document order; empty when the document was refused
 * @param errors  every problem found, by record then line; a refused document's reason comes first
 * @param records the number of {@code Exclusion} records read (valid or not); for a refused document, those read
 *                before it was refused
 * @param refused true when the document as a whole could not be used (too large, not UTF-8, has a DOCTYPE, is not
 *                well-formed, breaks a limit, has no valid header): then nothing from it is used
 */
public record ExclusionXmlResult(List<ExclusionNotice> notices, List<ReadError> errors, int records,
                                 boolean refused) {
    public ExclusionXmlResult {
        notices = List.copyOf(notices);
        errors = List.copyOf(errors);
        if (refused && !notices.isEmpty()) {
            throw new IllegalArgumentException("a refused document yields no notices");
        }
    }
}

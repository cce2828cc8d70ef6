package org.bridgeway.adapters.exclusion;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One exclusion notice as it arrived, before any rule is checked: the text of each field by its canonical dotted
 * name, and the reason codes in the order given. Both readers build one, so XML and JSON are judged by the same
 * rules ({@link ExclusionValidator}).
 *
 * @param values  field name to text as given; a field that was not given is not in the map
 * @param reasons the reason codes as given, or {@code null} when no reasons were given at all
 */
record ExclusionDraft(Map<String, String> values, List<String> reasons) {
    ExclusionDraft {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        reasons = reasons == null ? null : List.copyOf(reasons);
    }
}

package org.bridgeway.adapters.missing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notice as it arrived, before any rule is checked: the text of each field by its canonical dotted name, and
 * the lists (found conditions, referrals) item by item. JSON and CSV both build one, so both are judged by the same
 * rules. A field that was not given is not in either map; a JSON boolean is the text {@code true} or {@code false}.
 */
public record MissingDraft(Map<String, String> values, Map<String, List<String>> lists) {
    public MissingDraft {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        Map<String, List<String>> copied = new LinkedHashMap<>();
        lists.forEach((k, v) -> copied.put(k, List.copyOf(v)));
        lists = Collections.unmodifiableMap(copied);
    }
}

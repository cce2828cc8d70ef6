package org.bridgeway.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.util.TreeMap;

/**
 * Canonical JSON for hashing: keys sorted at every level, no insignificant white space, UTF-8. The one writer of it:
 * audit entries, agreement files (the policy revision) and policy inputs (their digests) all hash what it writes.
 */
public final class CanonicalJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private CanonicalJson() {
    }

    /** Maps and records are written with sorted keys by the mapper; a JSON tree is sorted first. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value instanceof JsonNode tree ? sorted(tree) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value cannot be written as canonical JSON", e);
        }
    }

    /**
     * {@code value} written now, to be embedded as it is in a value written later: the same text as writing it in
     * place, but written where it costs less (the audit log's one writer thread embeds what its many callers wrote).
     */
    public static RawValue prewrite(Object value) {
        return new RawValue(write(value));
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> byKey = new TreeMap<>();
            node.fields().forEachRemaining(e -> byKey.put(e.getKey(), sorted(e.getValue())));
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            byKey.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }
}

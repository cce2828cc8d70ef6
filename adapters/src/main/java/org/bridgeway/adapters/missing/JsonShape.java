package org.bridgeway.adapters.missing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.FieldViolation;

/**
 * The JSON shape of a notice: top-level objects ({@code episode}, {@code child}, ...) whose members are the last
 * part of the canonical field names ({@code child.upn} is {@code {"child": {"upn": ...}}}), each of one kind.
 * Walking a document checks its structure (no unknown members, each of its kind) and gives the draft of the
 * members that have the right JSON type.
 */
public final class JsonShape {
    public static final String TYPE = "json.type";
    public static final String UNKNOWN = "json.unknown-field";

    public enum Kind { TEXT, BOOLEAN, TEXT_ARRAY }

    private final Map<String, Map<String, Kind>> groups = new LinkedHashMap<>();
    private final String what;

    /** @param what the notice, for messages: "a missing-episode notice" */
    public JsonShape(String what) {
        this.what = what;
    }

    public JsonShape member(String field, Kind kind) {
        int dot = field.indexOf('.');
        groups.computeIfAbsent(field.substring(0, dot), g -> new LinkedHashMap<>()).put(field.substring(dot + 1), kind);
        return this;
    }

    public JsonShape text(String... fields) {
        for (String f : fields) {
            member(f, Kind.TEXT);
        }
        return this;
    }

    /** The draft of the members of the right JSON type; structural violations are added as found. */
    public MissingDraft draft(JsonNode document, List<FieldViolation> violations) {
        unknownMembers(document, "", groups.keySet(), violations);
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, List<String>> lists = new LinkedHashMap<>();
        for (Map.Entry<String, Map<String, Kind>> group : groups.entrySet()) {
            JsonNode object = document.get(group.getKey());
            if (object == null) {
                continue; // each required member is then reported by the validator
            }
            if (!object.isObject()) {
                violations.add(new FieldViolation(group.getKey(), TYPE, "must be a JSON object"));
                continue;
            }
            unknownMembers(object, group.getKey() + ".", group.getValue().keySet(), violations);
            for (Map.Entry<String, Kind> member : group.getValue().entrySet()) {
                String field = group.getKey() + "." + member.getKey();
                JsonNode value = object.get(member.getKey());
                if (value == null) {
                    continue; // a required member is then reported by the validator; a JSON null is of no kind
                }
                switch (member.getValue()) {
                    case TEXT -> {
                        if (value.isTextual()) {
                            values.put(field, value.asText());
                        } else {
                            violations.add(new FieldViolation(field, TYPE, "must be a JSON string"));
                        }
                    }
                    case BOOLEAN -> {
                        if (value.isBoolean()) {
                            values.put(field, Boolean.toString(value.asBoolean()));
                        } else {
                            violations.add(new FieldViolation(field, TYPE, "must be true or false (a JSON boolean)"));
                        }
                    }
                    case TEXT_ARRAY -> {
                        List<String> items = textArray(value);
                        if (items == null) {
                            violations.add(new FieldViolation(field, TYPE, "must be a JSON array of strings"));
                        } else {
                            lists.put(field, items);
                        }
                    }
                }
            }
        }
        return new MissingDraft(values, lists);
    }

    private static List<String> textArray(JsonNode value) {
        if (!value.isArray()) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                return null;
            }
            items.add(item.asText());
        }
        return items;
    }

    /** Members not in the shape are refused rather than ignored: a misspelt field must not vanish quietly. */
    private void unknownMembers(JsonNode object, String prefix, Collection<String> known,
                                List<FieldViolation> violations) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                violations.add(new FieldViolation(JsonBodyReader.memberName(prefix, name), UNKNOWN,
                        "is not a field of " + what));
            }
        }
    }
}

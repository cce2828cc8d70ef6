package org.bridgeway.adapters.exclusion;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.ExclusionNotice.Fields;
import org.bridgeway.model.FieldViolation;

/**
 * Reads one exclusion notice sent as JSON (the body of the REST endpoint), in the shape of
 * {@code schemas/exclusion-notice.schema.json}: objects {@code school}, {@code child} and {@code exclusion} whose
 * members are the canonical field names ({@code child.upn} is {@code {"child": {"upn": ...}}}). {@code sessions}
 * is a JSON integer, {@code days} a number and {@code reasons} an array of codes; everything else is a string.
 *
 * <p>The structure (no unknown members, the right JSON types) is checked here, then the same rules as for XML
 * ({@link ExclusionValidator}); every violation is listed, not just the first, and none repeats a submitted value.
 * Pure and thread-safe.
 */
public final class ExclusionJsonReader {
    /** Far above any real notice; a larger body is refused before it is parsed. */
    public static final int MAX_BYTES = 64 * 1024;
    public static final String WHOLE_BODY = JsonBodyReader.WHOLE_BODY;

    private static final JsonBodyReader BODY = new JsonBodyReader(MAX_BYTES, "an exclusion notice");

    /** Each object of the shape and its members; a member not listed is not part of a notice. */
    private static final Map<String, List<String>> SHAPE = shape();

    /**
     * Reads one body.
     *
     * @param exchangeIds gives the notice's exchange id; called only when the body is accepted
     */
    public ExclusionJsonResult read(byte[] body, Supplier<String> exchangeIds) {
        Objects.requireNonNull(exchangeIds, "exchangeIds");
        JsonBodyReader.Result read = BODY.read(body);
        if (read instanceof JsonBodyReader.Result.Refused refused) {
            return new ExclusionJsonResult.Refused(List.of(refused.violation()));
        }
        JsonNode document = ((JsonBodyReader.Result.Parsed) read).document();
        List<FieldViolation> violations = new ArrayList<>();
        ExclusionDraft draft = draft(document, violations);
        ExclusionValidator.Outcome outcome = ExclusionValidator.validate(draft,
                violations.isEmpty() ? exchangeIds : () -> "not-issued");
        if (outcome instanceof ExclusionValidator.Outcome.Invalid invalid) {
            // a member of the wrong JSON type was left out of the draft: it is reported once, as a type error,
            // not again as missing
            List<String> mistyped = violations.stream().map(FieldViolation::field).toList();
            invalid.violations().stream()
                    .filter(v -> mistyped.stream().noneMatch(m -> v.field().equals(m) || v.field().startsWith(m + ".")))
                    .forEach(violations::add);
        }
        if (!violations.isEmpty()) {
            violations.sort(Comparator.comparingInt(ExclusionJsonReader::catalogueOrder));
            return new ExclusionJsonResult.Refused(violations);
        }
        return new ExclusionJsonResult.Accepted(((ExclusionValidator.Outcome.Valid) outcome).notice());
    }

    /** Fields in catalogue order; groups and unknown members last, in the order found. */
    private static int catalogueOrder(FieldViolation v) {
        int i = Fields.ALL.indexOf(v.field());
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static Map<String, List<String>> shape() {
        Map<String, List<String>> shape = new LinkedHashMap<>();
        shape.put("school", List.of("urn", "localAuthority", "name"));
        shape.put("child", List.of("upn", "localId", "givenName", "familyName", "dateOfBirth"));
        shape.put("exclusion", List.of("category", "startDate", "sessions", "days", "reasons"));
        return Collections.unmodifiableMap(shape);
    }

    /** The draft of the members that have the right JSON type; structural violations are added as found. */
    private static ExclusionDraft draft(JsonNode document, List<FieldViolation> violations) {
        unknownMembers(document, "", SHAPE.keySet(), violations);
        Map<String, String> values = new LinkedHashMap<>();
        List<String> reasons = null;
        for (Map.Entry<String, List<String>> group : SHAPE.entrySet()) {
            JsonNode object = document.get(group.getKey());
            if (object == null) {
                continue; // each required member is then reported by the validator
            }
            if (!object.isObject()) {
                violations.add(new FieldViolation(group.getKey(), "json.type", "must be a JSON object"));
                continue;
            }
            unknownMembers(object, group.getKey() + ".", group.getValue(), violations);
            for (String member : group.getValue()) {
                String field = group.getKey() + "." + member;
                JsonNode value = object.get(member);
                if (value == null) {
                    continue;
                }
                if (field.equals(Fields.EXCLUSION_REASONS)) {
                    reasons = reasons(value, violations);
                } else if (field.equals(Fields.EXCLUSION_SESSIONS)) {
                    typed(values, field, value, value.isIntegralNumber(), "must be a JSON integer", violations);
                } else if (field.equals(Fields.EXCLUSION_DAYS)) {
                    typed(values, field, value, value.isNumber(), "must be a JSON number", violations);
                } else {
                    typed(values, field, value, value.isTextual(), "must be a JSON string", violations);
                }
            }
        }
        return new ExclusionDraft(values, reasons);
    }

    private static void typed(Map<String, String> values, String field, JsonNode value, boolean rightType,
                              String expected, List<FieldViolation> violations) {
        if (!rightType) {
            violations.add(new FieldViolation(field, "json.type", expected));
        } else if (value.isNumber()) {
            values.put(field, value.decimalValue().toPlainString());
        } else {
            values.put(field, value.asText());
        }
    }

    private static List<String> reasons(JsonNode value, List<FieldViolation> violations) {
        if (!value.isArray()) {
            violations.add(new FieldViolation(Fields.EXCLUSION_REASONS, "json.type", "must be a JSON array of codes"));
            return null;
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode code : value) {
            if (!code.isTextual()) {
                violations.add(new FieldViolation(Fields.EXCLUSION_REASONS, "json.type",
                        "every reason must be a JSON string"));
                return null;
            }
            codes.add(code.asText());
        }
        return codes;
    }

    /** Members not in the shape are refused rather than ignored: a misspelt field must not vanish quietly. */
    private static void unknownMembers(JsonNode object, String prefix, Collection<String> known,
                                       List<FieldViolation> violations) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                violations.add(new FieldViolation(JsonBodyReader.memberName(prefix, name), "json.unknown-field",
                        "is not a field of an exclusion notice"));
            }
        }
    }
}

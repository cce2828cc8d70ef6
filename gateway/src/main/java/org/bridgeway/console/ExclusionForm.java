package org.bridgeway.console;

import static org.bridgeway.console.FormDocuments.given;
import static org.bridgeway.console.FormDocuments.putIfGiven;
import static org.bridgeway.console.FormDocuments.sentence;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bridgeway.intake.JsonIntakeResult;
import org.bridgeway.model.ExclusionReason;
import org.bridgeway.model.Notice;
import org.bridgeway.pipeline.Dispatch;

/**
 * A school without a records system of its own reports a suspension or exclusion from the console. The form becomes
 * the JSON document the exclusion API takes, is validated by the same intake (its schema, then the notice's rules)
 * and sent down the same pipeline, so each error a school sees is the API's, shown beside the field it names, and
 * nothing is sent until every field is right. The school is the signed-in person's; the form cannot name another.
 */
public final class ExclusionForm {
    /** The form's fields, in the order they are asked, named as the document's fields are. */
    static final List<String> FIELDS = List.of("school.localAuthority", "child.upn", "child.localId",
            "child.givenName", "child.familyName", "child.dateOfBirth", "exclusion.category", "exclusion.startDate",
            "exclusion.sessions", "exclusion.reasons.1", "exclusion.reasons.2", "exclusion.reasons.3");

    private final Function<byte[], JsonIntakeResult> intake;
    private final Function<Notice, Dispatch> pipeline;

    public ExclusionForm(Function<byte[], JsonIntakeResult> intake, Function<Notice, Dispatch> pipeline) {
        this.intake = intake;
        this.pipeline = pipeline;
    }

    /** A field's error, by the form field it belongs to. */
    public record FieldError(String field, String message) {
        /** The id of the form's input: "child.upn" → "child-upn"; for the category, its first choice. */
        public String id() {
            return "exclusion.category".equals(field) ? "exclusion-category-SUSP" : field.replace('.', '-');
        }
    }

    /** Sent (the exchange id), or refused with each field's errors. */
    public sealed interface Result {
        record Sent(String exchangeId, boolean duplicate) implements Result {
        }

        record Invalid(List<FieldError> errors) implements Result {
        }
    }

    /** The reason codes to choose from (the current set, not the two only used to 2019/20), each with its words. */
    public static final List<Map<String, String>> REASONS = java.util.Arrays.stream(ExclusionReason.values())
            .filter(r -> !r.legacy()).map(r -> Map.of("code", r.code(), "text", r.code() + ": " + r.description()))
            .toList();

    public Result send(ConsolePerson person, Map<String, String> form) {
        ObjectNode document = FormDocuments.document();
        ObjectNode school = document.putObject("school");
        school.put("urn", person.organisation().code());
        putIfGiven(school, "localAuthority", form.get("school.localAuthority"));
        ObjectNode child = document.putObject("child");
        for (String field : List.of("upn", "localId", "givenName", "familyName", "dateOfBirth")) {
            putIfGiven(child, field, form.get("child." + field));
        }
        ObjectNode exclusion = document.putObject("exclusion");
        putIfGiven(exclusion, "category", form.get("exclusion.category"));
        putIfGiven(exclusion, "startDate", form.get("exclusion.startDate"));
        String sessions = given(form.get("exclusion.sessions"));
        if (sessions != null) {
            try {
                exclusion.put("sessions", Integer.parseInt(sessions));
            } catch (NumberFormatException e) {
                exclusion.put("sessions", sessions); // the schema says what is wrong with it
            }
        }
        ArrayNode reasons = exclusion.putArray("reasons");
        for (int i = 1; i <= 3; i++) {
            String reason = given(form.get("exclusion.reasons." + i));
            if (reason != null) {
                reasons.add(reason);
            }
        }
        JsonIntakeResult result = intake.apply(FormDocuments.bytes(document));
        if (result instanceof JsonIntakeResult.Refused refused) {
            Map<String, FieldError> byField = new LinkedHashMap<>();
            refused.violations().forEach(v -> byField.putIfAbsent(formField(v.field()),
                    new FieldError(formField(v.field()), sentence(v.message()))));
            return new Result.Invalid(List.copyOf(byField.values()));
        }
        Notice notice = ((JsonIntakeResult.Accepted) result).notice();
        if (!notice.sender().equals(person.organisation())) {
            throw new IllegalStateException("an exclusion from the console is sent by the person's own school");
        }
        Dispatch dispatch = pipeline.apply(notice);
        return new Result.Sent(dispatch.exchangeId(), dispatch.duplicate());
    }

    /** The form field a document field's error belongs to; an error of the reasons as a whole, the main reason. */
    static String formField(String documentField) {
        if (documentField == null || documentField.isBlank()) {
            return "exclusion.category";
        }
        String field = documentField.startsWith("/") ? documentField.substring(1).replace('/', '.') : documentField;
        if (field.startsWith("exclusion.reasons")) {
            String rest = field.substring("exclusion.reasons".length());
            if (rest.matches("[.\\[]?\\d+]?")) {
                return "exclusion.reasons." + (Integer.parseInt(rest.replaceAll("\\D", "")) + 1);
            }
            return "exclusion.reasons.1";
        }
        return FIELDS.contains(field) ? field : FIELDS.stream().filter(f -> field.startsWith(f)).findFirst()
                .orElse(field.startsWith("child") ? "child.upn" : field.startsWith("school") ? "school.localAuthority"
                        : "exclusion.category");
    }
}

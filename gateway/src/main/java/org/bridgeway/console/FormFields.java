package org.bridgeway.console;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models of the console's form fields (templates {@code form-input}, {@code form-yes-no}, {@code form-textarea}):
 * a field's id is its name with dots as dashes, and its hint and error are tied to it with {@code aria-describedby},
 * as GOV.UK Frontend's components do, so a screen reader reads them with the field.
 */
final class FormFields {
    private FormFields() {
    }

    /** A text, date or time input. */
    static Map<String, Object> input(String name, String label, String hint, String type, String width,
                                     Map<String, String> form, Map<String, String> errorOf) {
        Map<String, Object> input = field(name, label, hint, errorOf);
        input.put("type", type);
        input.put("width", width);
        input.put("value", form.getOrDefault(name, ""));
        return input;
    }

    /** A question answered yes or no, its answer kept as "yes" or "no". */
    static Map<String, Object> yesNo(String name, String label, String hint, Map<String, String> form,
                                     Map<String, String> errorOf) {
        Map<String, Object> question = field(name, label, hint, errorOf);
        question.put("yes", "yes".equals(form.get(name)));
        question.put("no", "no".equals(form.get(name)));
        return question;
    }

    /** A paragraph of free text. */
    static Map<String, Object> textarea(String name, String label, String hint, Map<String, String> form,
                                        Map<String, String> errorOf) {
        Map<String, Object> area = field(name, label, hint, errorOf);
        area.put("value", form.getOrDefault(name, ""));
        return area;
    }

    private static Map<String, Object> field(String name, String label, String hint, Map<String, String> errorOf) {
        Map<String, Object> field = new HashMap<>();
        String id = name.replace('.', '-');
        field.put("id", id);
        field.put("name", name);
        field.put("label", label);
        List<String> describedBy = new ArrayList<>();
        if (hint != null) {
            field.put("hint", hint);
            describedBy.add(id + "-hint");
        }
        if (errorOf.containsKey(name)) {
            field.put("error", errorOf.get(name));
            describedBy.add(id + "-error");
        }
        if (!describedBy.isEmpty()) {
            field.put("describedBy", String.join(" ", describedBy));
        }
        return field;
    }
}

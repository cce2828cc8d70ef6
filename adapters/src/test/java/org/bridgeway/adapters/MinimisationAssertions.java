package org.bridgeway.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bridgeway.model.MinimisedNotice;
import org.bridgeway.model.PlacementNotice.Fields;

/** Checks shared by every renderer's minimisation test. */
public final class MinimisationAssertions {
    private MinimisationAssertions() {
    }

    /** The values that stand for a field in rendered output: the risk codes one by one, otherwise the value. */
    public static List<String> valuesOf(String field, String value) {
        if (field.equals(Fields.RISKS)) {
            List<String> codes = new ArrayList<>();
            for (String code : value.split(",")) {
                codes.add(code.trim());
            }
            return codes;
        }
        return List.of(value);
    }

    /**
     * For every field of the full notice (except the placing authority, whose code is the sender's and is always
     * shown), renders the notice without that field and checks its value no longer appears as a JSON string
     * anywhere, and that it does appear when the field is present (so the check is not vacuous).
     */
    public static void eachWithheldFieldIsAbsent(Function<MinimisedNotice, byte[]> render) {
        String full = new String(render.apply(RenderFixtures.full()), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> field : RenderFixtures.full().fields().entrySet()) {
            if (field.getKey().equals(Fields.PLACING_AUTHORITY)) {
                continue;
            }
            String withheld = new String(render.apply(RenderFixtures.without(field.getKey())), StandardCharsets.UTF_8);
            for (String value : valuesOf(field.getKey(), field.getValue())) {
                String token = "\"" + value + "\"";
                assertThat(full).as("%s is rendered when present", field.getKey()).contains(token);
                assertThat(withheld).as("%s is not rendered when withheld", field.getKey()).doesNotContain(token);
            }
        }
    }
}

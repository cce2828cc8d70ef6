package org.bridgeway.adapters.missing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.bridgeway.adapters.json.JsonBodyReader;
import org.bridgeway.model.FieldViolation;
import org.bridgeway.model.Notice;

/**
 * The steps every JSON reader of a notice takes: body, shape, then the validator on the draft. Public, with
 * {@link JsonShape}, {@link DraftReading} and {@link MissingDraft}, so that the custody-handover reader
 * ({@code org.bridgeway.adapters.custody}) judges its bodies by the same reading rules rather than a copy of them.
 */
public final class JsonNoticeReading {
    private JsonNoticeReading() {
    }

    public static <N extends Notice> MissingReadResult<N> read(byte[] body, JsonBodyReader bodyReader, JsonShape shape,
                                                        BiFunction<MissingDraft, Supplier<String>,
                                                                MissingReadResult<N>> validator,
                                                        Supplier<String> exchangeIds, List<String> catalogue) {
        JsonBodyReader.Result read = bodyReader.read(body);
        if (read instanceof JsonBodyReader.Result.Refused refused) {
            return new MissingReadResult.Refused<>(List.of(refused.violation()));
        }
        JsonNode document = ((JsonBodyReader.Result.Parsed) read).document();
        List<FieldViolation> structural = new ArrayList<>();
        MissingDraft draft = shape.draft(document, structural);
        MissingReadResult<N> validated = validator.apply(draft, structural.isEmpty() ? exchangeIds : () -> "not-issued");
        if (structural.isEmpty()) {
            return validated;
        }
        // a member of the wrong JSON type was left out of the draft: it is reported once, as a type error, not
        // again as missing; and nothing is accepted while the structure is wrong
        List<FieldViolation> all = new ArrayList<>();
        if (validated instanceof MissingReadResult.Refused<N> refused) {
            List<String> mistyped = structural.stream().map(FieldViolation::field).toList();
            refused.violations().stream()
                    .filter(v -> mistyped.stream().noneMatch(m -> v.field().equals(m) || v.field().startsWith(m + ".")))
                    .forEach(all::add);
        }
        all.addAll(structural);
        return MissingReadResult.refused(all, catalogue);
    }
}

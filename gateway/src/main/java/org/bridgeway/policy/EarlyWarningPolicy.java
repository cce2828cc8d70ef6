package org.bridgeway.policy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.bridgeway.model.ExchangeType;

/**
 * The thresholds of the repeated-suspension early warning, from {@code policies/early-warnings/repeated-suspensions.yaml}:
 * {@code suspensions} suspensions of the same pupil, each longer than {@code moreThanDays} school days, starting within
 * {@code windowDays} days, are a pattern; a suspension is remembered for {@code retentionDays} days after it is
 * recorded. Validated when the gateway starts: a missing, unknown or out-of-range member is a
 * {@link PolicyLoadException} naming the file and field, and the gateway does not start.
 *
 * @param agreement the information sharing agreement under which the suspensions are received and remembered
 */
public record EarlyWarningPolicy(String id, String agreement, String exchangeType, int suspensions, int moreThanDays,
                                 int windowDays, int retentionDays) {
    public static final String REPEATED_SUSPENSIONS_FILE = "repeated-suspensions.yaml";
    private static final List<String> MEMBERS = List.of("id", "agreement", "exchangeType", "suspensions",
            "moreThanDays", "windowDays", "retentionDays");
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    /** Reads and validates the repeated-suspension thresholds in {@code directory}. */
    public static EarlyWarningPolicy repeatedSuspensions(Path directory) {
        Path file = directory.resolve(REPEATED_SUSPENSIONS_FILE);
        JsonNode t;
        try {
            t = YAML.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new PolicyLoadException(file, "$", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyLoadException(file, null, "cannot read the early-warning thresholds: " + e.getMessage(), e);
        }
        if (t == null || !t.isObject()) {
            throw new PolicyLoadException(file, "$", "the early-warning thresholds must be a YAML mapping");
        }
        for (Iterator<String> names = t.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!MEMBERS.contains(name)) {
                throw new PolicyLoadException(file, "$." + name, "unknown member; expected " + MEMBERS);
            }
        }
        String exchangeType = text(file, t, "exchangeType");
        if (!exchangeType.equals(ExchangeType.EXCLUSION_NOTICE.slug())) {
            throw new PolicyLoadException(file, "$.exchangeType", "the repeated-suspension warning watches "
                    + ExchangeType.EXCLUSION_NOTICE.slug() + " only");
        }
        EarlyWarningPolicy p = new EarlyWarningPolicy(text(file, t, "id"), text(file, t, "agreement"), exchangeType,
                number(file, t, "suspensions", 2, 20), number(file, t, "moreThanDays", 0, 45),
                number(file, t, "windowDays", 1, 3660), number(file, t, "retentionDays", 1, 3660));
        if (p.retentionDays() < p.windowDays()) {
            throw new PolicyLoadException(file, "$.retentionDays", "retentionDays (" + p.retentionDays()
                    + ") must be at least windowDays (" + p.windowDays() + "), or a pattern is forgotten before it"
                    + " can be complete");
        }
        return p;
    }

    private static String text(Path file, JsonNode t, String name) {
        JsonNode v = t.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new PolicyLoadException(file, "$." + name, "is required and must be a non-empty string");
        }
        return v.asText();
    }

    private static int number(Path file, JsonNode t, String name, int min, int max) {
        JsonNode v = t.get(name);
        if (v == null || !v.isInt() || v.asInt() < min || v.asInt() > max) {
            throw new PolicyLoadException(file, "$." + name, "is required and must be a whole number from " + min
                    + " to " + max);
        }
        return v.asInt();
    }
}

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

/**
 * One early-warning thresholds file ({@code policies/early-warnings/*.yaml}) being read: a YAML mapping of known
 * members only, each read with a rule whose breach is a {@link PolicyLoadException} naming the file and the member.
 * What the repeated-suspension and repeated-missing watches have in common when their thresholds are loaded.
 */
final class EarlyWarningFile {
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    private final Path file;
    private final JsonNode tree;

    private EarlyWarningFile(Path file, JsonNode tree) {
        this.file = file;
        this.tree = tree;
    }

    /** Reads {@code file}, which must be a mapping of {@code members} only. */
    static EarlyWarningFile read(Path file, List<String> members) {
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
            if (!members.contains(name)) {
                throw new PolicyLoadException(file, "$." + name, "unknown member; expected " + members);
            }
        }
        return new EarlyWarningFile(file, t);
    }

    /** A required, non-empty string member. */
    String text(String name) {
        JsonNode v = tree.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw refused(name, "is required and must be a non-empty string");
        }
        return v.asText();
    }

    /** A required string member that must be {@code expected}. */
    String exactly(String name, String expected, String why) {
        String v = text(name);
        if (!v.equals(expected)) {
            throw refused(name, why);
        }
        return v;
    }

    /** A required whole number from {@code min} to {@code max}. */
    int number(String name, int min, int max) {
        JsonNode v = tree.get(name);
        if (v == null || !v.isInt() || v.asInt() < min || v.asInt() > max) {
            throw refused(name, "is required and must be a whole number from " + min + " to " + max);
        }
        return v.asInt();
    }

    /** A required string member, one of {@code allowed}. */
    String oneOf(String name, List<String> allowed) {
        JsonNode v = tree.get(name);
        if (v == null || !v.isTextual() || !allowed.contains(v.asText())) {
            throw refused(name, "is required and must be one of " + allowed);
        }
        return v.asText();
    }

    /** A thresholds file whose member breaks a rule across members. */
    PolicyLoadException refused(String name, String message) {
        return new PolicyLoadException(file, "$." + name, message);
    }
}

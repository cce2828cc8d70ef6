package org.bridgeway.workflow;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.bridgeway.policy.PolicyLoadException;

/**
 * The checks every deadline data file in {@code policies/workflows} shares (return home interviews, custody
 * handovers): each fails with a {@link PolicyLoadException} naming the file and the path of the field, so that the
 * gateway does not start with a deadline it cannot keep.
 */
public record DeadlineDataReader(Path file) {
    private static final ObjectMapper YAML = new ObjectMapper(
            new YAMLFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION));

    /** The file's YAML tree; {@code what} says what the file holds, for the message when it cannot be read. */
    public JsonNode read(String what) {
        try {
            return YAML.readTree(Files.readString(file));
        } catch (JacksonException e) {
            throw new PolicyLoadException(file, "$", "not valid YAML: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new PolicyLoadException(file, null, "cannot read the " + what + ": " + e.getMessage(), e);
        }
    }

    public void mapping(JsonNode node, String path, List<String> members) {
        if (node == null || !node.isObject()) {
            throw new PolicyLoadException(file, path, "must be a YAML mapping");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!members.contains(name)) {
                throw new PolicyLoadException(file, path + "." + name, "unknown member; expected " + members);
            }
        }
    }

    public String text(JsonNode node, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new PolicyLoadException(file, path + "." + name, "is required and must be a non-empty string");
        }
        return v.asText();
    }

    public Duration duration(JsonNode v, String path) {
        try {
            Duration d = v.isTextual() ? Duration.parse(v.asText()) : null;
            if (d != null && !d.isNegative() && !d.isZero()) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // answered below, with the field's path
        }
        throw new PolicyLoadException(file, path, "must be a positive ISO-8601 duration such as PT72H");
    }

    /** Durations before a deadline, longest first; none listed twice. */
    public List<Duration> reminders(JsonNode v, String path, int most) {
        if (!v.isArray() || v.size() > most) {
            throw new PolicyLoadException(file, path, "must be a list of at most " + most
                    + " durations before the deadline");
        }
        List<Duration> out = new ArrayList<>();
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < v.size(); i++) {
            Duration d = duration(v.get(i), path + "[" + i + "]");
            if (!seen.add(d)) {
                throw new PolicyLoadException(file, path + "[" + i + "]", "the reminder " + d + " is listed twice");
            }
            out.add(d);
        }
        out.sort(Comparator.reverseOrder());
        return out;
    }
}

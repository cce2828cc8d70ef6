package org.bridgeway.locator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import org.bridgeway.policy.PolicyLoadException;

/**
 * How long an entry is kept after its involvement ends and how much one caller may ask, from
 * {@code policies/locator/locator.yaml} (every key optional; the defaults below where absent).
 *
 * @param retention         how long after the involvement ends an entry is still answered (CP-IS: 12 months)
 * @param queriesPerMinute  the steady rate one caller may ask at
 * @param burst             how many queries one caller may ask at once before the rate applies
 * @param probingMisses     this many unanswered queries (known: false) by one caller within {@code probingWindow}
 *                          and its further queries are refused until the window has passed
 * @param probingWindow     the window misses are counted in, and how long a prober is refused
 */
public record LocatorSettings(Period retention, int queriesPerMinute, int burst, int probingMisses,
                              Duration probingWindow) {
    public static final String FILE = "locator.yaml";
    public static final LocatorSettings DEFAULTS = new LocatorSettings(Period.ofMonths(12), 60, 20, 20,
            Duration.ofMinutes(10));

    public LocatorSettings {
        if (retention.isNegative() || queriesPerMinute < 1 || burst < 1 || probingMisses < 1
                || probingWindow.isNegative() || probingWindow.isZero()) {
            throw new IllegalArgumentException("locator settings: the retention is not negative, the rates, burst and"
                    + " misses at least 1, the probing window positive");
        }
    }

    /** The settings in {@code directory}/locator.yaml, or the defaults when there is no such file. */
    public static LocatorSettings load(Path directory) {
        Path file = directory.resolve(FILE);
        if (!Files.exists(file)) {
            return DEFAULTS;
        }
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            return new LocatorSettings(
                    root.hasNonNull("retention") ? Period.parse(root.get("retention").asText()) : DEFAULTS.retention,
                    root.path("queriesPerMinute").asInt(DEFAULTS.queriesPerMinute),
                    root.path("burst").asInt(DEFAULTS.burst),
                    root.path("probingMisses").asInt(DEFAULTS.probingMisses),
                    root.hasNonNull("probingWindow") ? Duration.parse(root.get("probingWindow").asText())
                            : DEFAULTS.probingWindow);
        } catch (IOException | DateTimeParseException | IllegalArgumentException e) {
            throw new PolicyLoadException(file, "$", e.getMessage(), e);
        }
    }
}

package org.bridgeway.model;

import java.util.regex.Pattern;

/**
 * A police force, named by its data.police.uk identifier (e.g. {@code kent}, {@code metropolitan}, {@code btp}).
 * Whether the force exists is a question for the reference data, not for the type.
 */
public record PoliceForceCode(String value) {
    private static final Pattern HYPHENATED_WORDS = Pattern.compile("[a-z]+(-[a-z]+)*");

    public PoliceForceCode {
        if (value == null || !HYPHENATED_WORDS.matcher(value).matches() || value.length() > 40) {
            throw new InvalidValueException("police-force-code.format",
                    "police force code must be lower-case words joined by hyphens, e.g. thames-valley");
        }
    }

    public static PoliceForceCode parse(String text) {
        return new PoliceForceCode(text == null ? null : text.trim());
    }

    @Override
    public String toString() {
        return value;
    }
}

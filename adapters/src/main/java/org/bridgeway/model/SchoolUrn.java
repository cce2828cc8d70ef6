package org.bridgeway.model;

import java.util.regex.Pattern;

/** A school's Unique Reference Number from GIAS: six digits (English schools start with 1, Welsh with 4). */
public record SchoolUrn(String value) {
    private static final Pattern SIX_DIGITS = Pattern.compile("[1-9]\\d{5}");

    public SchoolUrn {
        if (value == null || !SIX_DIGITS.matcher(value).matches()) {
            throw new InvalidValueException("school-urn.format", "school URN must be 6 digits");
        }
    }

    public static SchoolUrn parse(String text) {
        return new SchoolUrn(text == null ? null : text.trim());
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.bridgeway.model;

import java.util.regex.Pattern;

/** ONS GSS code: a letter for the country, two digits for the entity type and six digits, e.g. E06000001. */
public record GssCode(String value) {
    private static final Pattern SHAPE = Pattern.compile("[ENSWK]\\d{8}");

    public GssCode {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("gss-code.format", "GSS code must be a country letter and 8 digits");
        }
    }

    public static GssCode parse(String text) {
        return new GssCode(text == null ? null : text.trim().toUpperCase(java.util.Locale.ROOT));
    }

    /** E06 unitary, E08 metropolitan borough, E09 London borough, E10 county, E23 police force area, ... */
    public String entityType() {
        return value.substring(0, 3);
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.bridgeway.model;

/** A school's Unique Reference Number from GIAS: six digits (English schools start with 1, Welsh with 4). */
public record SchoolUrn(String value) {
    public SchoolUrn {
        if (value == null || !value.matches("[1-9]\\d{5}")) {
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

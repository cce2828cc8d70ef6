package org.bridgeway.model;

import java.util.regex.Pattern;

/** NHS Organisation Data Service code: 3 to 9 upper-case letters and digits (e.g. RH802, 000AA, XDA01). */
public record OdsCode(String value) {
    private static final Pattern SHAPE = Pattern.compile("[A-Z0-9]{3,9}");

    public OdsCode {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("ods-code.format", "ODS code must be 3 to 9 upper-case letters or digits");
        }
    }

    public static OdsCode parse(String text) {
        return new OdsCode(text == null ? null : text.trim().toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return value;
    }
}

package org.bridgeway.model;

import java.util.regex.Pattern;

/** DfE local authority number: three digits, in the ranges DfE issues (201-213, 301-320, 330-394, 420, 800-943;
 * 940-943 were issued to the authorities created 2021-2023). */
public record DfeLaCode(String value) {
    private static final Pattern THREE_DIGITS = Pattern.compile("\\d{3}");

    public DfeLaCode {
        if (value == null || !THREE_DIGITS.matcher(value).matches()) {
            throw new InvalidValueException("la-code.format", "DfE LA code must be 3 digits");
        }
        int n = Integer.parseInt(value);
        boolean inRange = (n >= 201 && n <= 213) || (n >= 301 && n <= 320) || (n >= 330 && n <= 394)
                || n == 420 || (n >= 800 && n <= 943);
        if (!inRange) {
            throw new InvalidValueException("la-code.range", "DfE LA code is outside the ranges DfE issues");
        }
    }

    public static DfeLaCode parse(String text) {
        return new DfeLaCode(text == null ? null : text.trim());
    }

    @Override
    public String toString() {
        return value;
    }
}

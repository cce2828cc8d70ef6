package org.bridgeway.model;

import java.util.regex.Pattern;

/** NHS number: ten digits, the last a modulus-11 check digit. Spaces and hyphens in input are ignored. */
public record NhsNumber(String value) {
    private static final Pattern TEN_DIGITS = Pattern.compile("\\d{10}");

    public NhsNumber {
        if (value == null || !TEN_DIGITS.matcher(value).matches()) {
            throw new InvalidValueException("nhs-number.format", "NHS number must be 10 digits");
        }
        int expected = checkDigit(value);
        if (expected == 10 || expected != value.charAt(9) - '0') {
            throw new InvalidValueException("nhs-number.check-digit", "NHS number fails the modulus-11 check");
        }
    }

    public static NhsNumber parse(String text) {
        return new NhsNumber(text == null ? null : text.replaceAll("[\\s-]", ""));
    }

    /** 11 - (weighted sum mod 11) over the first nine digits, weights 10 down to 2; 11 means 0, 10 means invalid. */
    static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        return check == 11 ? 0 : check;
    }

    @Override
    public String toString() {
        return value;
    }
}

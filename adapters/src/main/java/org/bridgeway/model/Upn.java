package org.bridgeway.model;

import java.util.regex.Pattern;

/**
 * Unique Pupil Number: a check letter, 3-digit LA number, 4-digit establishment number, 2-digit year and
 * 3-character serial (a temporary UPN ends in a letter). The check letter is the weighted sum of characters
 * 2 to 13 (weights 2 to 13) mod 23, mapped onto {@link #ALPHABET}. The SSDA903 placeholders UN1 to UN5 are
 * accepted and reported by {@link #isPlaceholder()}.
 */
public record Upn(String value) {
    private static final Pattern PLACEHOLDER = Pattern.compile("UN[1-5]");
    private static final Pattern SHAPE = Pattern.compile("[A-HJ-NP-RT-Z](\\d{12}|\\d{11}[A-HJ-NP-RT-Z])");

    static final String ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ";

    public Upn {
        if (value == null) {
            throw new InvalidValueException("upn.format", "UPN is missing");
        }
        if (!PLACEHOLDER.matcher(value).matches()) {
            if (!SHAPE.matcher(value).matches()) {
                throw new InvalidValueException("upn.format",
                        "UPN must be a check letter (not I, O or S) and 12 digits, or 11 digits and a letter, or UN1-UN5");
            }
            if (value.charAt(0) != checkLetter(value)) {
                throw new InvalidValueException("upn.check-letter", "UPN check letter does not match its digits");
            }
        }
    }

    public static Upn parse(String text) {
        return new Upn(text == null ? null : text.trim().toUpperCase(java.util.Locale.ROOT));
    }

    public boolean isPlaceholder() {
        return value.startsWith("UN");
    }

    /** A temporary UPN, given while the permanent one is not known, ends in a letter. */
    public boolean isTemporary() {
        return !isPlaceholder() && Character.isLetter(value.charAt(value.length() - 1));
    }

    /** The UPN whose last 12 characters are {@code body}, with its check letter in front (for synthetic data). */
    public static Upn withCheckLetter(String body) {
        return new Upn(checkLetter("?" + body) + body);
    }

    static char checkLetter(String upn) {
        int sum = 0;
        for (int position = 2; position <= 13; position++) {
            char c = upn.charAt(position - 1);
            int digit = Character.isDigit(c) ? c - '0' : ALPHABET.indexOf(c);
            sum += digit * position;
        }
        return ALPHABET.charAt(sum % 23);
    }

    @Override
    public String toString() {
        return value;
    }
}

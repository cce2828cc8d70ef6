package org.bridgeway.model;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * UK postcode in its normal form: upper case, one space before the inward code. Pattern from the GovTalk
 * address schema; the last two letters may not be C, I, K, M, O or V.
 */
public record Postcode(String value) {
    private static final Pattern SHAPE =
            Pattern.compile("([A-Z]{1,2}[0-9R][0-9A-Z]?) ([0-9][ABD-HJLNP-UW-Z]{2})");

    public Postcode {
        if (value == null || !SHAPE.matcher(value).matches()) {
            throw new InvalidValueException("postcode.format", "postcode is not a valid UK postcode");
        }
    }

    /** Accepts any case and spacing ("me141aa", "ME14  1AA") and normalises it. */
    public static Postcode parse(String text) {
        if (text == null) {
            throw new InvalidValueException("postcode.format", "postcode is missing");
        }
        String compact = text.replaceAll("\\s", "").toUpperCase(Locale.ROOT);
        if (compact.length() < 5 || compact.length() > 7) {
            throw new InvalidValueException("postcode.format", "postcode must have 5 to 7 characters");
        }
        return new Postcode(compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3));
    }

    /** The outward code, e.g. "ME14": the postcode district used to find the local authority. */
    public String district() {
        return value.substring(0, value.indexOf(' '));
    }

    /** The letters before the first digit, e.g. "ME": the postcode area. */
    public String area() {
        Matcher m = Pattern.compile("^[A-Z]+").matcher(value);
        m.find();
        return m.group();
    }

    @Override
    public String toString() {
        return value;
    }
}

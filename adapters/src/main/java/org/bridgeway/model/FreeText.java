package org.bridgeway.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The rules for names and other free text a partner sends, in one place for every format (placement JSON,
 * exclusion JSON and XML, SSDA903): text goes on to police JSON, FHIR {@code HumanName} (which forbids control
 * characters), CSV reports and screens, where an invisible character can hide or reorder what a reader sees.
 *
 * <p>Refused: control characters (C0 including NUL and BEL, DEL, C1) and line or paragraph separators;
 * bidirectional controls (embeddings, overrides, isolates, the LRM, RLM and Arabic letter marks), which can make
 * a name display as another; noncharacters; lone surrogates; and code points Unicode has not assigned (as of this
 * JDK's Unicode version). Accepted: the letters, marks, digits, punctuation and spaces of every script —
 * Welsh ŵ, Polish ł, Arabic, CJK, combining accents, apostrophes and hyphens — and the zero-width joiners some
 * scripts need. Lengths count code points, as JSON Schema's {@code maxLength} does, so a character outside the
 * Basic Multilingual Plane counts once. Messages name the rule, never the text.
 */
public final class FreeText {
    public static final String CONTROL_CHARACTER = "text.control-character";
    public static final String BIDI_CONTROL = "text.bidi-control";
    public static final String NONCHARACTER = "text.noncharacter";
    public static final String LONE_SURROGATE = "text.lone-surrogate";
    public static final String UNASSIGNED = "text.unassigned";
    public static final String EMPTY = "text.empty";
    public static final String MAX_LENGTH = "text.max-length";

    private FreeText() {
    }

    /**
     * Every rule the text breaks, each once, for the field: its characters, then its length (1 to {@code maxLength}
     * code points after stripping surrounding white space).
     */
    public static List<FieldViolation> check(String field, String text, int maxLength) {
        List<FieldViolation> v = new ArrayList<>(checkCharacters(field, text));
        String stripped = text.strip();
        if (stripped.isEmpty()) {
            v.add(new FieldViolation(field, EMPTY, "must not be empty or only spaces"));
        } else if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            v.add(new FieldViolation(field, MAX_LENGTH, maxLengthMessage(maxLength)));
        }
        return v;
    }

    /** Every character rule the text breaks, each once, in the order of the rule ids above. */
    public static List<FieldViolation> checkCharacters(String field, String text) {
        boolean control = false;
        boolean bidi = false;
        boolean nonchar = false;
        boolean surrogate = false;
        boolean unassigned = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (isControl(cp)) {
                control = true;
            } else if (isBidiControl(cp)) {
                bidi = true;
            } else if (isNoncharacter(cp)) {
                nonchar = true;
            } else if (Character.getType(cp) == Character.SURROGATE) {
                surrogate = true; // codePointAt returns a surrogate only when it has no partner
            } else if (Character.getType(cp) == Character.UNASSIGNED) {
                unassigned = true;
            }
        }
        List<FieldViolation> v = new ArrayList<>();
        if (control) {
            v.add(new FieldViolation(field, CONTROL_CHARACTER, "must not contain control characters or line breaks"));
        }
        if (bidi) {
            v.add(new FieldViolation(field, BIDI_CONTROL, "must not contain bidirectional control characters"
                    + " (they can make text display in another order than it is stored)"));
        }
        if (nonchar) {
            v.add(new FieldViolation(field, NONCHARACTER, "must not contain Unicode noncharacters"));
        }
        if (surrogate) {
            v.add(new FieldViolation(field, LONE_SURROGATE, "must not contain a lone UTF-16 surrogate"));
        }
        if (unassigned) {
            v.add(new FieldViolation(field, UNASSIGNED, "must not contain code points that Unicode has not assigned"));
        }
        return v;
    }

    /** The words of a length violation, shared with the JSON Schema's {@code maxLength}. */
    public static String maxLengthMessage(int maxLength) {
        return "must have at most " + maxLength + " characters";
    }

    private static boolean isControl(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** ALM, LRM and RLM, the embeddings and overrides (U+202A-E) and the isolates (U+2066-9). */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }

    /** U+FDD0-FDEF and the last two code points of every plane. */
    private static boolean isNoncharacter(int cp) {
        return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
    }
}

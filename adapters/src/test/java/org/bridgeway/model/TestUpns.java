package org.bridgeway.model;

/**
 * Makes synthetic UPNs with a correct check letter, independently of {@link Upn} (shared/domain/README.md section
 * 2.4), so that tests of the check letter do not just repeat the code under test.
 */
public final class TestUpns {
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRTUVWXYZ";

    private TestUpns() {
    }

    /** The UPN for twelve characters: LA number, establishment, year of issue, serial (last may be a letter). */
    public static String withCheckLetter(String body) {
        if (body.length() != 12) {
            throw new IllegalArgumentException("a UPN body has 12 characters");
        }
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            char c = body.charAt(i);
            sum += (Character.isDigit(c) ? c - '0' : ALPHABET.indexOf(c)) * (i + 2);
        }
        return ALPHABET.charAt(sum % 23) + body;
    }

    /** The same UPN with a check letter that does not match its digits. */
    public static String withWrongCheckLetter(String body) {
        char right = withCheckLetter(body).charAt(0);
        char wrong = ALPHABET.charAt((ALPHABET.indexOf(right) + 1) % ALPHABET.length());
        return wrong + body;
    }
}

package org.bridgeway.pipeline;

import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Locale;
import org.bridgeway.audit.KeyedDigest;

/**
 * How the early-warning watches name a child without a register of children: a match key, the HMAC-SHA256 under
 * the watch's own key of the child's normalised identifiers. Names are folded for case and accents and keep their
 * letters only ("Zoë O'Fictionby" and "ZOE OFICTIONBY" give one key), so agencies that spell a name differently in
 * those ways still match; without the key, a match key cannot be tied to a child nor tested against a guess.
 */
public final class ChildMatchKeys {
    private ChildMatchKeys() {
    }

    /** The match key of a child by family name, given name and date of birth, under {@code kind} ("pupil", ...). */
    public static String ofNameAndBirth(KeyedDigest keys, String kind, String familyName, String givenName,
                                 LocalDate dateOfBirth) {
        return keys.of(kind + ":" + fold(familyName) + "|" + fold(givenName) + "|" + dateOfBirth);
    }

    /**
     * The match key of a child by family name, given name, date of birth and postcode together (the locator's exact
     * demographic match): the names folded as above, the postcode in its normalised form ("SW1A 1AA").
     */
    public static String ofNameBirthAndPostcode(KeyedDigest keys, String kind, String familyName, String givenName,
                                                LocalDate dateOfBirth, String postcode) {
        return keys.of(kind + ":" + fold(familyName) + "|" + fold(givenName) + "|" + dateOfBirth + "|"
                + postcode.replace(" ", "").toUpperCase(Locale.ROOT));
    }

    static String fold(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("[^\\p{L}]", "").toLowerCase(Locale.ROOT);
    }
}

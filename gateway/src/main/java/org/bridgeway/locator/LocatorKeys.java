package org.bridgeway.locator;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bridgeway.audit.KeyedDigest;
import org.bridgeway.locator.ResponsibleAuthorityLocator.ChildKeys;
import org.bridgeway.model.NhsNumber;
import org.bridgeway.model.Postcode;
import org.bridgeway.pipeline.ChildMatchKeys;

/**
 * The locator's match keys: HMAC-SHA256 under its own key ({@value #KEY_FILE}) of an exact NHS number, or of the
 * folded family name, given name, date of birth and normalised postcode together ({@link ChildMatchKeys}). The index
 * holds these and nothing they were made from; without the key a match key can neither be tied to a child nor tested
 * against a guess.
 */
public final class LocatorKeys {
    /** The locator's key file in the data directory's {@code keys/} folder. */
    public static final String KEY_FILE = "locator-match.key";

    /** How a query or an entry's key names the child. */
    public enum Kind { NHS_NUMBER, NAME_BIRTH_POSTCODE }

    /** One match key and how it was made. */
    public record Key(Kind kind, String digest) {
    }

    private final KeyedDigest keys;

    public LocatorKeys(KeyedDigest keys) {
        this.keys = keys;
    }

    public String nhs(NhsNumber number) {
        return keys.of("locator-nhs:" + number.value());
    }

    /** The key of the NHS number when given, else empty. */
    public Optional<Key> nhsKey(ChildKeys child) {
        return child.nhsNumber().map(n -> new Key(Kind.NHS_NUMBER, nhs(n)));
    }

    /** The demographic key when the name, date of birth and postcode are all given, else empty. */
    public Optional<Key> demographicKey(ChildKeys child) {
        if (child.familyName().isEmpty() || child.givenName().isEmpty() || child.dateOfBirth().isEmpty()
                || child.postcode().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Key(Kind.NAME_BIRTH_POSTCODE, ChildMatchKeys.ofNameBirthAndPostcode(keys, "locator",
                child.familyName().get(), child.givenName().get(), child.dateOfBirth().get(),
                child.postcode().get().value())));
    }

    /** Every key a child with these identifiers can be found by: one per postcode known for it, and the NHS number. */
    public List<Key> all(ChildKeys child, List<Postcode> postcodes) {
        List<Key> all = new ArrayList<>();
        nhsKey(child).ifPresent(all::add);
        for (Postcode postcode : postcodes) {
            demographicKey(new ChildKeys(child.nhsNumber(), child.givenName(), child.familyName(),
                    child.dateOfBirth(), Optional.of(postcode))).filter(k -> !all.contains(k)).ifPresent(all::add);
        }
        return all;
    }

    /** A digest of a council's or caller's identifier (a child's local id, a case reference) for the audit log. */
    public String digestOf(String what, String identifier) {
        return keys.of(what + ":" + identifier);
    }
}

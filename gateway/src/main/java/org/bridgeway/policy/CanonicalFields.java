package org.bridgeway.policy;

import java.util.List;
import java.util.Optional;
import org.bridgeway.model.ExchangeType;

/** The canonical dotted field names each exchange type can carry, by exchange type slug. */
public final class CanonicalFields {

    private CanonicalFields() {
    }

    /** The field names of an exchange type, or empty if the exchange type is unknown. */
    public static Optional<List<String>> of(String exchangeType) {
        return ExchangeType.fromSlug(exchangeType).map(ExchangeType::fields);
    }
}

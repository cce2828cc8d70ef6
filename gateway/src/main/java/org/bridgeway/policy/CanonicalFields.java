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

    /** The fields of an exchange type whose values a policy engine is shown (see {@link ExchangeType#policyFacts()}). */
    public static List<String> policyFacts(String exchangeType) {
        return ExchangeType.fromSlug(exchangeType).map(ExchangeType::policyFacts).orElse(List.of());
    }
}

package org.bridgeway.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bridgeway.model.ExchangeType;
import org.bridgeway.model.PlacementNotice;

/** The canonical dotted field names each exchange type can carry, by exchange type slug. */
public final class CanonicalFields {

    private static final Map<String, List<String>> BY_EXCHANGE_TYPE = Map.of(
            ExchangeType.PLACEMENT_NOTIFICATION.slug(), PlacementNotice.Fields.ALL);

    private CanonicalFields() {
    }

    /** The field names of an exchange type, or empty if the exchange type is unknown. */
    public static Optional<List<String>> of(String exchangeType) {
        return Optional.ofNullable(BY_EXCHANGE_TYPE.get(exchangeType));
    }
}

package org.bridgeway.model;

import java.util.Map;

/**
 * A safeguarding notice in canonical form. Every kind of exchange is one record under this sealed type.
 *
 * <p>{@link #fields()} flattens the notice to its stable dotted field names ({@code child.nhsNumber},
 * {@code placement.postcode}, ...), each with its value as text (ISO-8601 dates, codes as issued). Policies,
 * minimisation, rendering and audit speak of fields by these names only; a field that is absent from the
 * notice is absent from the map.
 */
public sealed interface Notice permits PlacementNotice, ExclusionNotice, MissingEpisodeNotice,
        ReturnInterviewOutcomeNotice, ReturnInterviewTaskNotice, CustodyHandoverNotice,
        HandoverDeadlineNotice {

    /** The gateway's identifier of the exchange this notice started. */
    String exchangeId();

    ExchangeType exchangeType();

    /** The organisation that sent the notice. */
    Organisation sender();

    /**
     * A key that is the same every time the same notice is submitted again (same sender, same source record),
     * so that a re-submitted notice is recognised and not delivered twice.
     */
    String idempotencyKey();

    /** Field name to value, in a stable order; absent fields are not in the map. */
    Map<String, String> fields();

    /**
     * What the audit log keeps of this notice's content, in its RECEIVED entry, so that a report can be produced from
     * the audit trail alone (the Concordat figures of custody handovers): the gateway's own identifiers, organisation
     * codes, coded values and the times of the exchange's steps. Never a name, a date of birth, an address, a
     * partner's free text or any other personal data. Empty for most exchanges.
     */
    default Map<String, String> auditFacts() {
        return Map.of();
    }
}

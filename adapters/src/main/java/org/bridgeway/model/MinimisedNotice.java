package org.bridgeway.model;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one recipient may see of a notice: only the fields the policy decision permitted. Renderers receive
 * this, never the full {@link Notice}, so a withheld field cannot reach a recipient's format by mistake.
 *
 * @param issuedAt when the gateway issued this disclosure (passed in: adapters have no clock)
 */
public record MinimisedNotice(
        String exchangeId,
        ExchangeType exchangeType,
        Organisation sender,
        Organisation recipient,
        Map<String, String> fields,
        Instant issuedAt) {

    public MinimisedNotice {
        Objects.requireNonNull(exchangeId, "exchangeId");
        Objects.requireNonNull(exchangeType, "exchangeType");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(issuedAt, "issuedAt");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** Identifiers and field names only, never their values. */
    @Override
    public String toString() {
        return "MinimisedNotice[exchangeId=" + exchangeId + ", recipient=" + recipient.id() + ", fields="
                + fields.keySet() + "]";
    }

    public java.util.Optional<String> field(String name) {
        return java.util.Optional.ofNullable(fields.get(name));
    }
}

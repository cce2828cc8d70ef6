package org.bridgeway.audit;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One auditable fact. {@code details} holds identifiers, codes and digests only (agreement ids, field names,
 * SHA-256 of payloads, rule ids): callers must never put names, dates of birth or addresses here.
 *
 * @param actor   the organisation id that caused the event (sender, recipient acknowledging, or "gateway")
 * @param subject the organisation id the event concerns (the recipient of a disclosure), or null
 */
public record AuditEvent(AuditEventType type, String exchangeId, String actor, String subject,
                         Map<String, Object> details) {
    public AuditEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(actor, "actor");
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }
}

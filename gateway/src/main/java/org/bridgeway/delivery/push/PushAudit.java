package org.bridgeway.delivery.push;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.bridgeway.adapters.Digests;
import org.bridgeway.audit.AuditEvent;
import org.bridgeway.audit.AuditEventType;
import org.bridgeway.audit.AuditLog;

/**
 * Audits how each push ended, inside the route's broker transaction: if the entry cannot be written the transaction
 * rolls back and the message is tried again, so no push outcome goes unrecorded. Entries hold identifiers, codes and
 * the payload's digest (the same digest as the DISCLOSED entry of the same message); never the force's free-text
 * reason, which could quote the notice.
 */
public final class PushAudit {
    private final AuditLog auditLog;

    public PushAudit(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    /** The force's records system has the notice: its receipt id and whether it was new to it. */
    public void delivered(Exchange exchange) {
        PushOutcome.Delivered d = exchange.getProperty(PolicePush.OUTCOME, PushOutcome.Delivered.class);
        Map<String, Object> details = identifiers(d.message());
        details.put("via", "soap");
        details.put("receiptId", d.receiptId());
        details.put("status", d.status());
        // the force itself answered: it is the actor, as when a recipient acknowledges a pulled message
        auditLog.append(new AuditEvent(AuditEventType.PUSH_DELIVERED, d.message().exchangeId(), d.message().force(),
                d.message().force(), details));
    }

    /** The message went to the dead-letter queue: why, in codes. */
    public void deadLettered(Exchange exchange) {
        PushOutcome.DeadLettered d = exchange.getProperty(PolicePush.OUTCOME, PushOutcome.DeadLettered.class);
        Map<String, Object> details = identifiers(d.message());
        details.put("via", "soap");
        details.put("cause", d.cause());
        details.put("reasonCode", d.reasonCode());
        details.put("deadLetterQueue", PushQueues.DEAD_LETTERS);
        auditLog.append(new AuditEvent(AuditEventType.DEAD_LETTERED, d.message().exchangeId(), "gateway",
                d.message().force(), details));
    }

    private static Map<String, Object> identifiers(PushedMessage m) {
        Map<String, Object> details = new LinkedHashMap<>();
        // a message put on the queue by hand may lack some; the entry keeps what there is
        if (m.messageId() != null) {
            details.put("messageId", m.messageId());
        }
        if (m.idempotencyKey() != null) {
            details.put("idempotencyKey", m.idempotencyKey());
        }
        details.put("payloadDigest", Digests.sha256(m.payload()));
        details.put("attempt", m.attempt());
        return details;
    }
}

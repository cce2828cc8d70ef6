package org.bridgeway.audit;

import java.util.List;

/**
 * The append-only audit log every exchange writes to. An append that cannot be made throws, so the exchange
 * fails rather than disclosing anything unaudited.
 */
public interface AuditLog {

    /**
     * Appends the events in order, and writes {@code alongside} in the same transaction, atomically: all of it or
     * none.
     */
    List<AuditRecord> append(List<AuditEvent> events, SameTransaction alongside);

    /** Appends the events in order, atomically: all of them or none. */
    default List<AuditRecord> append(List<AuditEvent> events) {
        return append(events, SameTransaction.NOTHING);
    }

    default AuditRecord append(AuditEvent event) {
        return append(List.of(event)).get(0);
    }

    /** Recomputes and checks the whole log; locates the first entry that fails. */
    AuditVerification verify();

    /** The entries of one exchange, in order. */
    List<AuditRecord> entriesFor(String exchangeId);

    long size();
}

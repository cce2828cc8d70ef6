package org.bridgeway.audit;

/**
 * The rows written alongside an append ({@link SameTransaction}) refused it — a record they guard already exists —
 * so nothing of the append was stored. Unlike {@link AuditUnavailableException} it is not a fault of the log, and
 * retrying will not change the answer: it reaches the caller as it was thrown.
 */
public class AppendRefusedException extends RuntimeException {
    public AppendRefusedException(String message) {
        super(message);
    }
}

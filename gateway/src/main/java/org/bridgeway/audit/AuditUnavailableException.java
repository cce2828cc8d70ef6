package org.bridgeway.audit;

/** The audit log cannot be written or read. An exchange that meets this fails and is retried, never sent unaudited. */
public class AuditUnavailableException extends RuntimeException {
    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.bridgeway.pipeline;

/**
 * The same notice (same idempotency key) is being processed right now. The submission is not a duplicate yet —
 * the first may still fail — so the sender is asked to retry shortly rather than told it was delivered.
 */
public class NoticeInProgressException extends RuntimeException {
    public NoticeInProgressException(String message) {
        super(message);
    }
}

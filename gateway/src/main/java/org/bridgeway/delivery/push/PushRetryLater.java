package org.bridgeway.delivery.push;

/**
 * Thrown out of the push route after a passing failure: the route's broker transaction rolls back, so the message
 * stays on its push queue and the broker offers it again after the retry policy's delay.
 */
public final class PushRetryLater extends RuntimeException {
    public PushRetryLater(String message, PushFailure cause) {
        super(message, cause, false, false);
    }
}

package org.bridgeway.delivery.push;

import java.time.Instant;

/**
 * One call to a force's records system, as it went: for operations (and the tests) to see retries and back-off.
 *
 * @param result ACCEPTED, DUPLICATE, or the failure's code (e.g. CONNECTION_FAILED, TIMED_OUT)
 */
public record PushAttempt(String force, String messageId, int attempt, Instant started, Instant finished,
                          String result) {
}

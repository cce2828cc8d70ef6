package org.bridgeway.policy;

/** The decision log cannot be written or read. Thrown into the exchange, which then fails: nothing is disclosed. */
public class DecisionLogUnavailableException extends RuntimeException {
    public DecisionLogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

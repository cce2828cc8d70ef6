package org.bridgeway.audit.timestamp;

import java.util.Objects;

/**
 * No acceptable time-stamp token could be obtained. The message says what went wrong; {@link #reason()} says which
 * kind of failure it was, so a caller can tell an outage from a misbehaving authority.
 */
public class TimestampUnavailableException extends RuntimeException {

    /** What kind of failure occurred. */
    public enum Reason {
        /** The connection could not be made or broke off. */
        UNREACHABLE,
        /** Connecting or the whole exchange took longer than allowed. */
        TIMED_OUT,
        /** The authority answered with an HTTP status other than 200. */
        HTTP_STATUS,
        /** The authority answered with a PKIStatus that grants no token. */
        REFUSED,
        /** The answer was malformed, too large, or its token failed a check. */
        BAD_RESPONSE,
        /** The calling thread was interrupted while waiting; its interrupt status is set again. */
        INTERRUPTED
    }

    private final Reason reason;

    public TimestampUnavailableException(Reason reason, String message) {
        this(reason, message, null);
    }

    public TimestampUnavailableException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}

package org.bridgeway.observability;

import java.util.Objects;

/**
 * One dependency the gateway needs to serve (database, broker, decision point, audit signing). The gateway is ready
 * only while every check is up. A check is quick (it runs on every readiness probe and scrape) and its reason names
 * the class of failure only, never personal data.
 */
public interface HealthCheck {

    /** A short stable name, e.g. {@code database}: what the readiness answer and the metrics call it. */
    String name();

    /** Whether the dependency is usable now; a check may throw, which counts as down. */
    Status check();

    /** Up, or down with a short reason. */
    record Status(boolean up, String reason) {
        private static final Status OK = new Status(true, null);

        public Status {
            if (!up) {
                Objects.requireNonNull(reason, "a check that is down says why");
            }
        }

        public static Status ok() {
            return OK;
        }

        public static Status down(String reason) {
            return new Status(false, reason);
        }
    }
}

/**
 * What operators see of a running gateway on its plain-HTTP management port: liveness, readiness (one
 * {@link org.bridgeway.observability.HealthCheck} per dependency) and metrics in the Prometheus text format from the
 * gateway's one Micrometer registry. Meters carry low-cardinality tags only (exchange types, organisation ids of
 * mailboxes, refusal reasons), never personal data. See docs/operations.md.
 */
package org.bridgeway.observability;

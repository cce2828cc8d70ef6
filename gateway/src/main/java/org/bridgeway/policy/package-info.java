/**
 * Deciding a disclosure: one contract, {@link org.bridgeway.policy.PolicyDecisionPoint}, asked one question per
 * (notice, recipient) as a {@link org.bridgeway.policy.PolicyInput} (field names and the coded facts an agreement may
 * test, never a notice's values) and answering a {@link org.bridgeway.policy.PolicyDecision} (allow or deny, the
 * agreement, the lawful basis, the permitted and withheld fields, reasons). Two engines implement it over the same
 * agreements: the embedded one ({@link org.bridgeway.policy.EmbeddedDecisionPoint}, swapped whole on a change by
 * {@link org.bridgeway.policy.ReloadablePolicy}) and an OPA server ({@link org.bridgeway.policy.OpaDecisionPoint},
 * which fails closed). It also owns the decision log ({@link org.bridgeway.policy.DecisionLog}, table
 * {@code policy_decision}), the OPA bundle and the early-warning thresholds, all validated when loaded.
 *
 * <p>It decides; it must not enforce (minimising and rendering are the pipeline's), know how a notice arrived or
 * where it goes, depend on Camel, or write the audit log. Default is deny, and a decision point that cannot decide
 * (OPA unreachable, undefined or malformed) denies and says why: it fails closed.
 */
package org.bridgeway.policy;
